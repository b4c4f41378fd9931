#!/usr/bin/env python3
"""Baseline for the analytics benchmark: a plain numpy/scipy maximum-likelihood fit of
BG/NBD + Gamma-Gamma and the per-customer scoring, the way users of the `lifetimes`
library compute them (its formulas, scipy.optimize.minimize with BFGS on log-parameters,
tol=1e-7, time scaled so that max T = 10, one row per customer unless --compress).

Input: a CSV with a header naming at least x, tx (or t_x), T and zbar, one row per customer.
Output: one JSON object on stdout with the estimates, log-likelihoods, convergence,
timings (wall and CPU seconds, excluding reading the file) and peak RSS.

  python3 bench/analytics-baseline.py summary.csv [--compress] [--horizon 39]
      [--clv-periods 12] [--period-length 4.345] [--discount-rate 0.01]
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, expit, gammaln, hyp2f1


def read_summary(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    col = {name: i for i, name in enumerate(header)}
    tx_name = "tx" if "tx" in col else "t_x"
    return data[:, col["x"]], data[:, col[tx_name]], data[:, col["T"]], data[:, col["zbar"]]


def bgnbd_neg_ll(log_params, x, tx, T, w):
    r, alpha, a, b = np.exp(log_params)
    A1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    A3 = -(r + x) * np.log(alpha + T)
    A4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx)
    m = np.where(x > 0, np.maximum(A3, A4), A3)
    e3 = np.exp(A3 - m)
    e4 = np.where(x > 0, np.exp(A4 - m), 0.0)
    s = e3 + e4
    ll = A1 + A2 + m + np.log(s)
    w3 = e3 / s
    w4 = e4 / s
    g_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + tx)
    g_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + tx))
    g_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    g_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - w4 / (b + np.maximum(x, 1) - 1)
    total = w.sum()
    grad = -np.array([r * (w * g_r).sum(), alpha * (w * g_alpha).sum(), a * (w * g_a).sum(), b * (w * g_b).sum()]) / total
    return -(w * ll).sum() / total, grad


def fit_bgnbd(x, tx, T, w):
    scale = 10.0 / T.max()
    res = minimize(bgnbd_neg_ll, np.zeros(4), args=(x, tx * scale, T * scale, w), jac=True, method="BFGS", tol=1e-7)
    r, alpha, a, b = np.exp(res.x)
    alpha /= scale
    ll = -bgnbd_neg_ll(np.log([r, alpha, a, b]), x, tx, T, w)[0] * w.sum()
    return dict(r=r, alpha=alpha, a=a, b=b), ll, res


def gg_neg_ll(log_params, x, m):
    p, q, v = np.exp(log_params)
    px = p * x
    s = x * m + v
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(s)
    g_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - np.log(s))
    g_q = digamma(px + q) - digamma(q) + np.log(v) - np.log(s)
    g_v = q / v - (px + q) / s
    n = len(x)
    grad = -np.array([p * g_p.sum(), q * g_q.sum(), v * g_v.sum()]) / n
    return -ll.sum() / n, grad


def fit_gamma_gamma(x, zbar):
    keep = (x > 0) & (zbar > 0)
    res = minimize(gg_neg_ll, np.zeros(3), args=(x[keep], zbar[keep]), jac=True, method="BFGS", tol=1e-7)
    p, q, v = np.exp(res.x)
    return dict(p=p, q=q, gamma=v), -res.fun * keep.sum(), res


def conditional_expected(params, t, x, tx, T):
    r, alpha, a, b = params["r"], params["alpha"], params["a"], params["b"]
    _a, _b, _c, _z = r + x, b + x, a + b + x - 1, t / (alpha + T + t)
    with np.errstate(divide="ignore", invalid="ignore"):
        ln_hyp = np.log(hyp2f1(_a, _b, _c, _z))
        ln_alt = np.log(hyp2f1(_c - _a, _c - _b, _c, _z)) + (_c - _a - _b) * np.log(1 - _z)
    ln_hyp = np.where(np.isinf(ln_hyp), ln_alt, ln_hyp)
    numerator = (a + b + x - 1) / (a - 1) * (1 - np.exp(ln_hyp + (r + x) * np.log((alpha + T) / (alpha + t + T))))
    denominator = 1 + (x > 0) * (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return numerator / denominator


def probability_alive(params, x, tx, T):
    r, alpha, a, b = params["r"], params["alpha"], params["a"], params["b"]
    log_div = (r + x) * np.log((alpha + T) / (alpha + tx)) + np.log(a / (b + np.maximum(x, 1) - 1))
    return np.where(x == 0, 1.0, expit(-log_div))


def expected_spend(params, x, zbar):
    p, q, v = params["p"], params["q"], params["gamma"]
    weight = p * x / (p * x + q - 1)
    return (1 - weight) * (v * p / (q - 1)) + weight * zbar


def clv(params, spend, x, tx, T, periods, period_length, discount_rate):
    value = np.zeros_like(x)
    previous = np.zeros_like(x)
    for k in range(1, periods + 1):
        cumulative = conditional_expected(params, k * period_length, x, tx, T)
        value += spend * (cumulative - previous) / (1 + discount_rate) ** k
        previous = cumulative
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("summary")
    parser.add_argument("--compress", action="store_true", help="fit over distinct (x, tx, T) rows with weights")
    parser.add_argument("--horizon", type=float, default=39.0)
    parser.add_argument("--clv-periods", type=int, default=12)
    parser.add_argument("--period-length", type=float, default=4.345)
    parser.add_argument("--discount-rate", type=float, default=0.01)
    args = parser.parse_args()

    t0 = time.perf_counter()
    x, tx, T, zbar = read_summary(args.summary)
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    c0 = time.process_time()
    if args.compress:
        rows, counts = np.unique(np.stack([x, tx, T], axis=1), axis=0, return_counts=True)
        fx, ftx, fT, fw = rows[:, 0], rows[:, 1], rows[:, 2], counts.astype(float)
    else:
        fx, ftx, fT, fw = x, tx, T, np.ones_like(x)
    bg, bg_ll, bg_res = fit_bgnbd(fx, ftx, fT, fw)
    gg, gg_ll, gg_res = fit_gamma_gamma(x, zbar)
    t_fit = time.perf_counter() - t0
    c_fit = time.process_time() - c0

    t0 = time.perf_counter()
    c0 = time.process_time()
    purchases = conditional_expected(bg, args.horizon, x, tx, T)
    alive = probability_alive(bg, x, tx, T)
    spend = expected_spend(gg, x, zbar)
    value = clv(bg, spend, x, tx, T, args.clv_periods, args.period_length, args.discount_rate)
    t_score = time.perf_counter() - t0
    c_score = time.process_time() - c0

    out = {
        "customers": int(len(x)),
        "fitRows": int(len(fx)),
        "bgnbd": {**{k: float(v) for k, v in bg.items()}, "logLikelihood": float(bg_ll), "converged": bool(bg_res.success), "iterations": int(bg_res.nit)},
        "gammaGamma": {**{k: float(v) for k, v in gg.items()}, "logLikelihood": float(gg_ll), "converged": bool(gg_res.success), "iterations": int(gg_res.nit)},
        "totals": {
            "expectedPurchases": float(np.sum(purchases)),
            "probabilityAlive": float(np.sum(alive)),
            "expectedSpend": float(np.sum(spend)),
            "clv": float(np.sum(value)),
            "nonFinite": int(np.sum(~np.isfinite(purchases)) + np.sum(~np.isfinite(value))),
        },
        "seconds": {"read": t_read, "fit": t_fit, "score": t_score, "fitAndScore": t_fit + t_score},
        "cpuSeconds": {"fit": c_fit, "score": c_score, "fitAndScore": c_fit + c_score},
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
