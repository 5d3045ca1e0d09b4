"""Independent numpy implementation of the study's pipeline, for bench/numpy-agreement.ts:
greedy DBN pretraining (CD-1 RBMs, each trained on the hidden probabilities of the layer below),
then a DNN = DBN + softmax layer fine-tuned by backprop, against the same DNN from a random init.

  RBM / CD-1 with per-epoch shuffling ........ numpy_rbm.train_rbm
  DNN forward, backprop, SGD, evaluation ..... numpy_dnn
  init: W ~ N(0, 0.1^2), biases 0 (RBMs, the random DNN and the softmax layer on the DBN)

Run as a script with one JSON argument (see main()); prints one JSON line on stdout with, per seed
and setting, the test error rate and the training histories.
"""

import json
import sys
import time

import numpy as np

from numpy_dnn import backprop_epoch, evaluate, init_dnn
from numpy_rbm import DTYPES, blas_threads, load_bits, sigmoid, train_rbm


def pretrain_dbn(X, hidden_sizes, epochs, batch, lr, rng):
    """Greedy layer-wise CD-1: returns [(W, a, b, errors)] for each hidden layer."""
    layers = []
    x = X
    for q in hidden_sizes:
        W, a, b, errors = train_rbm(x, q, epochs, batch, lr, rng)
        layers.append((W, a, b, errors))
        x = sigmoid(x @ W + b)
    return layers


def dnn_from_dbn(dbn, classes, rng, dtype):
    """Hidden layers copy the DBN's (W, b); a random N(0, 0.1^2) softmax layer is added on top."""
    hidden = [(W.copy(), b.copy()) for W, _, b, _ in dbn]
    q = dbn[-1][0].shape[1]
    return hidden + init_dnn([q, classes], rng, dtype)


def fine_tune(layers, X, y, epochs, batch, lr, rng):
    """Backprop epochs; returns the per-epoch (training loss, training error)."""
    history = []
    for _ in range(epochs):
        loss, err = backprop_epoch(layers, X, y, batch, lr, rng)
        history.append({"loss": loss, "error": err})
    return history


def run_one(args, setting, seed, X, y, Xt, yt):
    dtype = X.dtype
    rng = np.random.default_rng([seed, 0 if setting == "pretrained" else 1])
    t0 = time.perf_counter()
    rbm_errors = []
    if setting == "pretrained":
        dbn = pretrain_dbn(X, args["hidden"], args["rbmEpochs"], args["batch"], args["lr"], rng)
        rbm_errors = [errors for *_, errors in dbn]
        layers = dnn_from_dbn(dbn, args["classes"], rng, dtype)
    else:
        layers = init_dnn([X.shape[1], *args["hidden"], args["classes"]], rng, dtype)
    history = fine_tune(layers, X, y, args["dnnEpochs"], args["batch"], args["lr"], rng)
    test_loss, test_error = evaluate(layers, Xt, yt)
    seconds = time.perf_counter() - t0
    print(
        f"  numpy {setting} seed {seed}: test error {test_error:.4f} ({seconds:.1f} s)",
        file=sys.stderr,
    )
    return {
        "setting": setting,
        "seed": seed,
        "testError": test_error,
        "testLoss": test_loss,
        "rbmErrors": rbm_errors,
        "history": history,
        "seconds": seconds,
    }


def main():
    args = json.loads(sys.argv[1])
    dtype = DTYPES[args["dtype"]]
    X = load_bits(args["train"], args["trainRows"], args["cols"], dtype)
    y = np.fromfile(args["trainLabels"], np.uint8, args["trainRows"]).astype(np.intp)
    Xt = load_bits(args["test"], args["testRows"], args["cols"], dtype)
    yt = np.fromfile(args["testLabels"], np.uint8, args["testRows"]).astype(np.intp)
    runs = [
        run_one(args, setting, seed, X, y, Xt, yt)
        for setting in args["settings"]
        for seed in args["seeds"]
    ]
    print(json.dumps({"numpy": np.__version__, "threads": blas_threads(), "runs": runs}))


if __name__ == "__main__":
    main()
