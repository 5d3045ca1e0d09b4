"""Reference numpy implementation of a binary RBM trained by CD-1, written the way the study's
numpy code is (plain array expressions, float64 by default), plus its benchmark entry point.

Algorithm (the same as @dbn/models trainRbm with k = 1, no momentum, no weight decay):
  W ~ N(0, 0.1^2) (visible x hidden), a = 0, b = 0.
  Each epoch: a fresh permutation of the rows; for each minibatch v0 of m rows
    ph0 = sigmoid(v0 W + b); h ~ Bernoulli(ph0)
    pv  = sigmoid(h W^T + a); v ~ Bernoulli(pv)
    ph  = sigmoid(v W + b)
    W += lr/m (v0^T ph0 - v^T ph); a += lr/m sum(v0 - v); b += lr/m sum(ph0 - ph)
  After the epoch, the reconstruction error ("EQM"): mean (x - sigmoid(sigmoid(x W + b) W^T + a))^2
  over every element of the training set.

Run as a script with one JSON argument (see main()); prints one JSON line on stdout.
"""

import json
import sys
import time

import numpy as np


def sigmoid(x):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


def init_rbm(p, q, rng, dtype=np.float64, sigma=0.1):
    W = (sigma * rng.standard_normal((p, q))).astype(dtype)
    return W, np.zeros(p, dtype), np.zeros(q, dtype)


def cd1_epoch(W, a, b, X, batch, lr, rng):
    """One epoch of CD-1 over the rows of X in a fresh random order; updates W, a, b in place."""
    dtype = X.dtype
    n = X.shape[0]
    perm = rng.permutation(n)
    for s in range(0, n, batch):
        v0 = X[perm[s : s + batch]]
        m = v0.shape[0]
        ph0 = sigmoid(v0 @ W + b)
        h = (rng.random(ph0.shape, dtype) < ph0).astype(dtype)
        pv = sigmoid(h @ W.T + a)
        v = (rng.random(pv.shape, dtype) < pv).astype(dtype)
        ph = sigmoid(v @ W + b)
        rate = dtype.type(lr / m)
        W += rate * (v0.T @ ph0 - v.T @ ph)
        a += rate * (v0 - v).sum(axis=0)
        b += rate * (ph0 - ph).sum(axis=0)


def reconstruction_error(W, a, b, X, chunk=1024):
    """Mean over all elements of (x - sigmoid(sigmoid(x W + b) W^T + a))^2, in chunks of rows."""
    total = 0.0
    for s in range(0, X.shape[0], chunk):
        x = X[s : s + chunk]
        r = sigmoid(sigmoid(x @ W + b) @ W.T + a)
        total += float(((x - r) ** 2).sum())
    return total / X.size


def train_rbm(X, q, epochs, batch, lr, rng):
    """A new RBM (p = X.shape[1] visible, q hidden) trained by CD-1; returns (W, a, b, errors)."""
    W, a, b = init_rbm(X.shape[1], q, rng, X.dtype)
    errors = []
    for _ in range(epochs):
        cd1_epoch(W, a, b, X, batch, lr, rng)
        errors.append(reconstruction_error(W, a, b, X))
    return W, a, b, errors


def gibbs(W, a, b, chains, steps, rng):
    """`steps` alternating Gibbs steps of `chains` chains started from v ~ Bernoulli(1/2)."""
    dtype = W.dtype
    v = (rng.random((chains, W.shape[0]), dtype) < 0.5).astype(dtype)
    pv = None
    for _ in range(steps):
        ph = sigmoid(v @ W + b)
        h = (rng.random(ph.shape, dtype) < ph).astype(dtype)
        pv = sigmoid(h @ W.T + a)
        v = (rng.random(pv.shape, dtype) < pv).astype(dtype)
    return v, pv


# ------------------------------------------------------------------------------------------------
# Benchmark entry point


def blas_threads():
    """The thread count of numpy's BLAS, or None when it cannot be read."""
    try:
        from threadpoolctl import threadpool_info

        for info in threadpool_info():
            if info.get("user_api") == "blas":
                return info.get("num_threads")
    except Exception:
        pass
    try:
        import ctypes
        import glob
        import os

        d = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
        for path in glob.glob(os.path.join(d, "*openblas*")):
            lib = ctypes.CDLL(path)
            for name in (
                "scipy_openblas_get_num_threads64_",
                "openblas_get_num_threads64_",
                "openblas_get_num_threads",
            ):
                if hasattr(lib, name):
                    return int(getattr(lib, name)())
    except Exception:
        pass
    return None


DTYPES = {"f64": np.float64, "f32": np.float32}


def load_bits(path, rows, cols, dtype):
    return np.fromfile(path, np.uint8, rows * cols).reshape(rows, cols).astype(dtype)


def summary(seconds):
    s = sorted(seconds)
    return {
        "runs": len(s),
        "bestSeconds": s[0],
        "medianSeconds": s[(len(s) - 1) // 2],
        "allSeconds": seconds,
    }


def timed_epoch(loop, finish, n, budget, chunk):
    """Times one epoch = loop(rows) over consecutive row ranges + finish() (the whole-set pass).

    The minibatch loop runs over ranges of `chunk` rows (a multiple of the batch size; each range
    its own shuffle) and stops once `budget` seconds have passed; its time is then scaled by
    n / rows done, so an epoch slowed down by a busy machine costs at most about `budget` seconds
    (+ one range) to measure.
    Returns (epoch seconds, pass seconds, rows timed).
    """
    t0 = time.perf_counter()
    done = 0
    while done < n:
        loop(slice(done, min(n, done + chunk)))
        done = min(n, done + chunk)
        if time.perf_counter() - t0 > budget:
            break
    loop_seconds = (time.perf_counter() - t0) * n / done
    t1 = time.perf_counter()
    finish()
    pass_seconds = time.perf_counter() - t1
    return loop_seconds + pass_seconds, pass_seconds, done


def repeat_epochs(args, n, batch, label, make):
    """Up to args["repeats"] timed epochs over n rows (fewer once args["budget"] s are spent)."""
    chunk = batch * -(-128 // batch)  # whole batches, >= 128 rows
    totals, passes, rows = [], [], []
    spent = 0.0
    for r in range(args["repeats"]):
        loop, finish = make(r)
        t0 = time.perf_counter()
        total, pass_s, done = timed_epoch(loop, finish, n, args["budget"], chunk)
        spent += time.perf_counter() - t0
        totals.append(total)
        passes.append(pass_s)
        rows.append(done)
        note = "" if done == n else f" (loop timed on {done} rows)"
        print(f"  numpy {label}, {n} rows: {total:.2f} s{note}", file=sys.stderr)
        if spent > args["budget"]:
            break
    return {"rows": n, "epoch": summary(totals), "errorPass": summary(passes), "rowsTimed": min(rows)}


def bench_cd_epoch(args):
    """Seconds of one CD-1 epoch (training loop + error pass) per dtype and (batch, rows) case."""
    out = []
    for dname in args["dtypes"]:
        data = load_bits(args["data"], args["rows"], args["cols"], DTYPES[dname])
        for case in args["cases"]:
            batch, X = case["batch"], data[: case["rows"]]

            def make(r):
                rng = np.random.default_rng([args["seed"], r])
                W, a, b = init_rbm(X.shape[1], args["hidden"], rng, X.dtype)
                loop = lambda rows: cd1_epoch(W, a, b, X[rows], batch, args["lr"], rng)  # noqa: E731
                return loop, lambda: reconstruction_error(W, a, b, X)

            timing = repeat_epochs(args, X.shape[0], batch, f"{dname} batch {batch}", make)
            out.append({"dtype": dname, "batch": batch, **timing})
    return out


def bench_gibbs(args):
    """Seconds of `steps` Gibbs steps of `chains` chains on a random p x q RBM, per dtype."""
    out = []
    for dname in args["dtypes"]:
        rng = np.random.default_rng(args["seed"])
        W, a, b = init_rbm(args["visible"], args["hidden"], rng, DTYPES[dname])
        secs = []
        for _ in range(args["repeats"]):
            t0 = time.perf_counter()
            gibbs(W, a, b, args["chains"], args["steps"], rng)
            secs.append(time.perf_counter() - t0)
        out.append({"dtype": dname, **summary(secs)})
    return out


def main():
    args = json.loads(sys.argv[1])
    mode = args["mode"]
    if mode == "cd-epoch":
        results = bench_cd_epoch(args)
    elif mode == "gibbs":
        results = bench_gibbs(args)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps({"numpy": np.__version__, "threads": blas_threads(), "results": results}))


if __name__ == "__main__":
    main()
