"""Reference numpy implementation of the study's classifier (sigmoid hidden layers, softmax output,
mean cross-entropy, minibatch SGD), plus its benchmark entry point.

Algorithm (the same as @dbn/models trainDnn):
  Layer l: z_l = a_{l-1} W_l + b_l; a_l = sigmoid(z_l) for hidden layers, softmax(z_L) on top.
  Per minibatch of m rows: delta_L = (P - Y) / m; grad W_l = a_{l-1}^T delta_l,
  grad b_l = sum_rows delta_l; delta_{l-1} = (delta_l W_l^T) * a_{l-1} (1 - a_{l-1});
  then every W_l -= lr grad W_l, b_l -= lr grad b_l (all gradients use the pre-update weights).
  Each epoch visits the rows in a fresh random order, then measures the mean cross-entropy and the
  accuracy on the whole training set (as trainDnn records them).

Run as a script with one JSON argument (see main()); prints one JSON line on stdout.
"""

import json
import sys

import numpy as np

from numpy_rbm import DTYPES, blas_threads, load_bits, repeat_epochs, sigmoid


def init_dnn(sizes, rng, dtype=np.float64, sigma=0.1):
    """Random layers [(W, b)]: W ~ N(0, sigma^2) of shape sizes[l-1] x sizes[l], b = 0."""
    return [
        ((sigma * rng.standard_normal((i, o))).astype(dtype), np.zeros(o, dtype))
        for i, o in zip(sizes[:-1], sizes[1:])
    ]


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def forward(layers, x):
    """Activations [x, a_1, ..., a_L] (a_L = softmax probabilities)."""
    acts = [x]
    for l, (W, b) in enumerate(layers):
        z = acts[-1] @ W + b
        acts.append(softmax(z) if l == len(layers) - 1 else sigmoid(z))
    return acts


def sgd_step(layers, x, y, lr):
    """One backprop step on the minibatch (x, labels y): updates the layers in place."""
    dtype = x.dtype
    m = x.shape[0]
    acts = forward(layers, x)
    delta = acts[-1].copy()
    delta[np.arange(m), y] -= 1
    delta /= dtype.type(m)
    grads = []
    for l in range(len(layers) - 1, -1, -1):
        W, _ = layers[l]
        a_prev = acts[l]
        grads.append((a_prev.T @ delta, delta.sum(axis=0)))
        if l > 0:
            delta = (delta @ W.T) * a_prev * (1 - a_prev)
    rate = dtype.type(lr)
    for (W, b), (gW, gb) in zip(reversed(layers), grads):
        W -= rate * gW
        b -= rate * gb


def evaluate(layers, X, y, chunk=1024):
    """(mean cross-entropy from the logits with a stable log-sum-exp, error rate)."""
    loss = 0.0
    wrong = 0
    for s in range(0, X.shape[0], chunk):
        a = X[s : s + chunk]
        for W, b in layers[:-1]:
            a = sigmoid(a @ W + b)
        W, b = layers[-1]
        z = (a @ W + b).astype(np.float64)
        zmax = z.max(axis=1, keepdims=True)
        lse = zmax[:, 0] + np.log(np.exp(z - zmax).sum(axis=1))
        yc = y[s : s + chunk]
        loss += float((lse - z[np.arange(len(yc)), yc]).sum())
        wrong += int((z.argmax(axis=1) != yc).sum())
    return loss / X.shape[0], wrong / X.shape[0]


def sgd_epoch(layers, X, y, batch, lr, rng):
    """One pass of minibatch SGD over the rows of X in a fresh random order."""
    n = X.shape[0]
    perm = rng.permutation(n)
    for s in range(0, n, batch):
        idx = perm[s : s + batch]
        sgd_step(layers, X[idx], y[idx], lr)


def backprop_epoch(layers, X, y, batch, lr, rng):
    """One SGD epoch, then (mean cross-entropy, error rate) on all of X, as trainDnn records."""
    sgd_epoch(layers, X, y, batch, lr, rng)
    return evaluate(layers, X, y)


def bench_backprop_epoch(args):
    """Seconds of one backprop epoch (SGD loop + training-set evaluation) per dtype and case."""
    labels = np.fromfile(args["labels"], np.uint8, args["rows"]).astype(np.intp)
    out = []
    for dname in args["dtypes"]:
        data = load_bits(args["data"], args["rows"], args["cols"], DTYPES[dname])
        for case in args["cases"]:
            batch, X, y = case["batch"], data[: case["rows"]], labels[: case["rows"]]

            def make(r):
                rng = np.random.default_rng([args["seed"], r])
                layers = init_dnn(args["sizes"], rng, X.dtype)
                loop = lambda rows: sgd_epoch(layers, X[rows], y[rows], batch, args["lr"], rng)  # noqa: E731
                return loop, lambda: evaluate(layers, X, y)

            timing = repeat_epochs(args, X.shape[0], batch, f"{dname} batch {batch}", make)
            out.append({"dtype": dname, "batch": batch, **timing})
    return out


def main():
    args = json.loads(sys.argv[1])
    if args["mode"] != "backprop-epoch":
        raise SystemExit(f"unknown mode {args['mode']}")
    results = bench_backprop_epoch(args)
    print(json.dumps({"numpy": np.__version__, "threads": blas_threads(), "results": results}))


if __name__ == "__main__":
    main()
