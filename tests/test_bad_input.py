"""Every public function of the package rejects bad arguments, naming the argument.

The sweep takes every function in the ``__all__`` of every module of ``optguide`` (but
``optguide.build`` and ``optguide.figures``, the site's machinery). It calls each with
valid required arguments from ``REQUIRED`` below and, one at a time, each parameter that
has a default, each ``seed`` and each parameter listed in ``SEQUENCES``, set to each value
of ``BAD``: None, NaN, +inf, -inf, -1, 0 and a string. Each call must raise ValueError or
TypeError whose message names the parameter, unless ``ACCEPTED`` lists that value as
valid there (then the call is not made at all).

A new public function needs an entry in ``REQUIRED`` (its required arguments, with valid
values); the failure message says so and shows the entry to add.
"""

import importlib
import inspect
import math
import pkgutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import torch

import optguide
from optguide.objectives import x_cos_pi_x

SKIPPED_PACKAGES = ("build", "figures")
BAD: dict[str, object] = {
    "None": None,
    "nan": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
    "-1": -1,
    "0": 0,
    "'x'": "x",
}


def public_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Yield ``module.name`` and the function for every function in a module's __all__."""
    for info in pkgutil.iter_modules(optguide.__path__):
        if info.name in SKIPPED_PACKAGES:
            continue
        module = importlib.import_module(f"optguide.{info.name}")
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield f"{info.name}.{name}", obj


def _saddle(theta: torch.Tensor) -> torch.Tensor:
    return (theta[0] ** 2 - theta[1] ** 2).sum()


@cache
def _objects() -> dict[str, Any]:
    """Valid values that take a few calls to make, shared by the entries of REQUIRED."""
    from optguide.clipping import linear_rnn
    from optguide.gating import recurrent_net
    from optguide.generalization import noisy_sine_sample
    from optguide.gradient_flow import deep_network, probe_batch
    from optguide.landscape import parameter_loss, parameters_of
    from optguide.logistic_regression import make_classification
    from optguide.models import mlp
    from optguide.sine_model import sine_data
    from optguide.stationary import stationary_points

    inputs, targets = probe_batch(3, n=4, seed=1)
    model = mlp([1, 3, 1], seed=0)
    points = stationary_points(x_cos_pi_x, (-1.0, 2.0))
    return {
        "rnn": linear_rnn(4, 1.05, 0),
        "gated": recurrent_net("lstm", 3),
        "memory": torch.zeros(2, 4, 2, dtype=torch.float64),
        "sequences": torch.ones(2, 5, dtype=torch.float64),
        "loss": parameter_loss(model, torch.zeros(4, 1), torch.zeros(4, 1)),
        "theta": parameters_of(model),
        "classes": make_classification(n=20, d=3, seed=0),
        "sine": sine_data(5, 0),
        "minimum": points[0],
        "barrier": points[1],
        "sample": noisy_sine_sample(5, 0.1, 0),
        "network": deep_network(2, 3, seed=0),
        "inputs": inputs,
        "targets": targets,
        "mlp": mlp([1, 3, 1], seed=0),
    }


X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
Y = [1.0, 0.0, 1.0]
A = [[1.0, 0.0], [0.0, 2.0]]


def required() -> dict[str, dict[str, Any]]:
    """Valid values of the required arguments of every public function."""
    o = _objects()
    x1 = torch.linspace(-1.0, 1.0, 5, dtype=torch.float64)
    return {
        "annealing.geometric_cooling": {"t0": 1.0, "ratio": 0.5, "steps": 3},
        "annealing.logarithmic_cooling": {"C": 1.0, "steps": 3},
        "annealing.simulated_annealing": {
            "f": x_cos_pi_x,
            "starts": [0.0, 1.0],
            "temperatures": [1.0, 0.5],
            "step_size": 0.1,
        },
        "clipping.cliff_in_closed_form": {"w": 1.5, "h0": 0.5},
        "clipping.cliff_location": {"w": 1.0, "interval": (0.0, 1.0)},
        "clipping.clip_by_norm": {"grads": [torch.ones(2)], "max_norm": 1.0},
        "clipping.gradient_norm_at_init": {"seq_len": 3},
        "clipping.linear_rnn": {"hidden": 4, "radius": 1.05, "seed": 0},
        "clipping.one_unit_rnn": {"w": 1.0, "b": torch.zeros(2)},
        "clipping.power_derivative": {"w": 1.0, "steps": 3},
        "clipping.readout_curvature": {"seq_len": 3},
        "clipping.rnn_loss": {"params": o["rnn"], "x": o["sequences"]},
        "clipping.state_gradient_norms": {"params": o["rnn"], "x": o["sequences"]},
        "clipping.train_rnn": {},
        "decomposition.decompose": {"degrees": [1, 2]},
        "decomposition.decompose_one": {
            "train": o["sample"],
            "heldout": o["sample"],
            "degree": 1,
            "noise": 0.1,
            "epochs": 2,
        },
        "decomposition.descent_path": {
            "features": torch.ones(5, 2, dtype=torch.float64),
            "targets": torch.ones(5, dtype=torch.float64),
            "epochs": [1.0],
        },
        "decomposition.double_descent": {"features": [1, 2]},
        "decomposition.effective_degrees_of_freedom": {
            "features": torch.ones(5, 2, dtype=torch.float64),
            "epochs": [1.0],
        },
        "decomposition.least_squares_fit": {"sample": o["sample"], "degree": 1},
        "decomposition.minimum_norm_fit": {"sample": o["sample"], "features": 2},
        "decomposition.polynomial_risk": {
            "theta": torch.zeros(2, dtype=torch.float64),
            "noise": 0.1,
        },
        "decomposition.sine_coefficients": {"degree": 2},
        "conditioning.cg_iterations": {
            "eigenvalues": [1.0, 2.0],
            "theta0": [1.0, 1.0],
            "tol": 1e-6,
        },
        "conditioning.contraction_rate": {"kappa": 2.0},
        "conditioning.descent_iterations": {
            "eigenvalues": [1.0, 2.0],
            "theta0": [1.0, 1.0],
            "lr": 0.5,
            "tol": 1e-6,
        },
        "conditioning.heavy_ball_iterations": {
            "eigenvalues": [1.0, 2.0],
            "theta0": [1.0, 1.0],
            "lr": 0.5,
            "beta": 0.1,
            "tol": 1e-6,
        },
        "conditioning.heavy_ball_parameters": {"lam_min": 1.0, "lam_max": 2.0},
        "conditioning.implicit_euler_path": {"A": A, "theta0": [1.0, 1.0], "lr": 0.1, "steps": 3},
        "conditioning.euler_path": {"A": A, "theta0": [1.0, 1.0], "lr": 0.1, "steps": 3},
        "conditioning.flow_path": {"A": A, "theta0": [1.0, 1.0], "t_end": 1.0},
        "conditioning.iterations_to_tolerance": {
            "A": A,
            "theta0": [1.0, 1.0],
            "lr": 0.1,
            "tol": 1e-3,
        },
        "conditioning.optimal_step": {"A": A},
        "conditioning.predicted_iterations": {"kappa": 2.0, "tol": 1e-3},
        "conditioning.quadratic": {"kappa": 2.0},
        "conditioning.spread_spectrum": {"kappa": 10.0},
        "curvature.classify_critical_point": {"f": _saddle, "point": [0.0, 0.0]},
        "curvature.hessian": {"f": _saddle, "point": [0.0, 0.0]},
        "curvature.hessian_eigenvalues": {"f": _saddle, "point": [0.0, 0.0]},
        "curvature.monkey_saddle": {"theta": torch.zeros(2)},
        "curvature.saddle": {"theta": torch.zeros(2)},
        "descent.gradient": {"f": x_cos_pi_x, "theta": torch.tensor(0.5, dtype=torch.float64)},
        "descent.gradient_descent": {"f": x_cos_pi_x, "theta0": 0.5, "lr": 0.1, "steps": 3},
        "gating.input_gradient_ratios": {"net": o["gated"], "seq_len": 3},
        "gating.last_state": {"net": o["gated"], "x": o["memory"]},
        "gating.lstm_step": {
            "net": o["gated"],
            "drive": torch.zeros(1, 2, 12, dtype=torch.float64),
            "h": torch.zeros(1, 2, 3, dtype=torch.float64),
            "m": torch.zeros(1, 2, 3, dtype=torch.float64),
        },
        "gating.memory_loss": {"net": o["gated"], "x": o["memory"], "y": torch.zeros(2)},
        "gating.memory_task": {"batch": 2, "seq_len": 3, "generator": torch.Generator()},
        "gating.parameter_count": {"net": o["gated"]},
        "gating.recurrent_net": {"kind": "lstm", "hidden": 3},
        "gating.relative_loss": {"net": o["gated"], "x": o["memory"], "y": torch.ones(2)},
        "gating.train_memory": {"net": o["gated"], "seq_len": 3},
        "generalization.capacity_sweep": {"degrees": [1, 2]},
        "generalization.fit_polynomial": {
            "train": o["sample"],
            "heldout": o["sample"],
            "degree": 1,
            "epochs": 2,
        },
        "generalization.legendre_features": {"x": x1, "degree": 2},
        "generalization.noisy_sine_sample": {"n": 5, "noise": 0.1, "seed": 0},
        "generalization.overfitting_experiment": {},
        "generalization.safe_learning_rate": {"features": torch.ones(4, 2)},
        "generalization.sample_size_sweep": {"sizes": [5, 10]},
        "generalization.train_polynomials": {
            "train": [o["sample"]],
            "heldout": o["sample"],
            "degrees": [1],
            "epochs": 1,
        },
        "gradient_flow.deep_network": {"depth": 2, "width": 3},
        "gradient_flow.gradient_norms_at_init": {"depth": 2, "width": 3},
        "gradient_flow.layer_gradient_norms": {
            "network": o["network"],
            "inputs": o["inputs"],
            "targets": o["targets"],
        },
        "gradient_flow.probe_batch": {"width": 3},
        "iterative.check_tolerance": {"name": "tol", "value": 1e-3},
        "iterative.minimize": {"f": x_cos_pi_x, "theta0": 0.5, "lr": 0.1},
        "landscape.converge": {"loss": o["loss"], "theta": o["theta"]},
        "landscape.hessian_eigenvalues": {"loss": o["loss"], "theta": o["theta"]},
        "landscape.line_slice": {
            "loss": o["loss"],
            "start": o["theta"],
            "end": o["theta"] + 1.0,
            "positions": [0.0, 0.5],
        },
        "landscape.parameter_loss": {
            "model": o["mlp"],
            "inputs": torch.zeros(4, 1),
            "targets": torch.zeros(4, 1),
        },
        "landscape.parameters_of": {"model": o["mlp"]},
        "landscape.rescale_unit": {"model": o["mlp"], "unit": 0, "a": 2.0},
        "least_squares.check_problem": {"X": X, "y": Y},
        "least_squares.descent_floor": {"X": X, "y": Y, "dtype": torch.float32, "steps": 3},
        "least_squares.design_with_condition": {"n": 10, "d": 2, "condition": 10.0},
        "least_squares.empirical_risk": {
            "X": torch.tensor(X),
            "y": torch.tensor(Y),
            "w": torch.zeros(2),
        },
        "least_squares.empirical_risk_gradient": {
            "X": torch.tensor(X),
            "y": torch.tensor(Y),
            "w": torch.zeros(2),
        },
        "least_squares.exact_least_squares": {"X": X, "y": Y},
        "least_squares.hessian": {"X": X},
        "least_squares.make_regression": {},
        "least_squares.solve_by_inverse": {"X": X, "y": Y},
        "least_squares.solve_normal_equations": {"X": X, "y": Y},
        "least_squares.solve_qr": {"X": X, "y": Y},
        "least_squares.stability_limit": {"X": X},
        "logistic_regression.check_labels": {"X": X, "y": Y},
        "logistic_regression.logistic_risk": {
            "X": torch.tensor(X),
            "y": torch.tensor(Y),
            "w": torch.zeros(2),
        },
        "logistic_regression.make_classification": {},
        "minibatch.minibatch_noise": {"gradients": torch.ones(8, 2), "batch_sizes": (2,)},
        "minibatch.noise_by_batch_size": {},
        "minibatch.per_example_gradients": {
            "losses": lambda t: (t - torch.arange(3.0)) ** 2,
            "theta": [0.0],
        },
        "minibatch.trace_sigma": {},
        "minima.basin_boundaries": {"starts": x1, "labels": torch.zeros(5)},
        "minima.basins": {"f": x_cos_pi_x, "interval": (-1.0, 2.0), "lr": 0.05, "steps": 10},
        "minima.descend_many": {"f": x_cos_pi_x, "starts": [0.0], "lr": 0.05, "steps": 3},
        "minima.escape_experiment": {},
        "minima.escape_repeats": {"repeats": 2},
        "minima.kramers_steps": {
            "minimum": o["minimum"],
            "barrier": o["barrier"],
            "sigma": 0.5,
            "lr": 0.01,
        },
        "minima.minibatch_escape": {},
        "minima.nearest_minimizer": {"ends": [0.0], "minimizers": [0.0]},
        "minima.settle": {
            "f": x_cos_pi_x,
            "points": [0.0],
            "minimizers": [1.09],
            "interval": (-1.0, 2.0),
        },
        "minima.well_depth": {"f": x_cos_pi_x, "interval": (-1.0, 2.0)},
        "models.mlp": {"sizes": [1, 3, 1]},
        "models.parameter_count": {"model": o["mlp"]},
        "network_hessian.loss_hessian": {
            "model": o["mlp"],
            "x": torch.zeros(4, 1),
            "y": torch.zeros(4, 1),
        },
        "network_hessian.regression_data": {},
        "network_hessian.spectrum_experiment": {},
        "newton.newton": {"f": _saddle, "theta0": [1.0, 1.0]},
        "newton.newton_cg_step": {
            "f": _saddle,
            "theta": torch.tensor([0.1, 0.1], dtype=torch.float64),
            "iterations": 2,
        },
        "newton.newton_step": {"f": x_cos_pi_x, "theta": torch.tensor(1.0, dtype=torch.float64)},
        "objectives.x_cos_pi_x": {"x": x1},
        "random_matrices.dean_majumdar": {"d": 3},
        "random_matrices.eigenvalue_gaps": {"samples": 10},
        "random_matrices.goe": {"d": 3, "samples": 2, "generator": torch.Generator()},
        "random_matrices.positive_counts": {"d": 2, "samples": 10},
        "random_matrices.positive_definite_log_probabilities": {"d_max": 3},
        "random_matrices.positive_definite_probability": {"d": 2, "samples": 10},
        "random_matrices.positive_fraction": {"d": 2, "samples": 10},
        "risk.cartoon_empirical_risk": {"x": x1},
        "risk.cartoon_risk": {"x": x1},
        "risk.draw_sample": {"n": 5, "mu": 1.0, "sigma": 1.0, "seed": 0},
        "risk.empirical_risk": {"theta": torch.tensor(0.0), "y": torch.ones(3)},
        "risk.empirical_risk_minimizer": {"y": torch.ones(3)},
        "risk.excess_risk": {"theta": 0.5, "mu": 1.0},
        "risk.loglog_slope": {"x": [1.0, 2.0], "y": [1.0, 2.0]},
        "risk.monte_carlo_excess_risk": {"n": 5, "mu": 1.0, "sigma": 1.0},
        "risk.one_pass_sgd": {"y": torch.ones(3, dtype=torch.float64)},
        "risk.risk": {"theta": torch.tensor(0.0), "mu": 1.0, "sigma": 1.0},
        "risk.shrinkage_estimate": {"y": torch.ones(3), "alpha": 0.1},
        "risk.shrinkage_excess_risk": {"n": 5, "mu": 1.0, "sigma": 1.0, "alpha": 0.1},
        "saddles.chain_escape_steps": {"path": torch.zeros(3, 2)},
        "saddles.chain_start": {"d": 3},
        "saddles.cubic_newton_step": {"f": _saddle, "theta": [0.1, 0.1], "lipschitz": 1.0},
        "saddles.double_well_saddle": {"theta": torch.zeros(2)},
        "saddles.escape_iterations": {
            "f": _saddle,
            "saddle_point": [0.0, 0.0],
            "start": [1e-3, 1e-3],
            "lr": 0.1,
            "radius": 1.0,
        },
        "saddles.newton_step": {"f": _saddle, "theta": [0.1, 0.1]},
        "saddles.perturbed_gradient_descent": {
            "f": _saddle,
            "theta0": [0.0, 0.0],
            "lr": 0.1,
            "steps": 3,
            "radius": 0.1,
            "gradient_threshold": 1e-3,
            "wait": 1,
        },
        "saddles.predicted_escape_iterations": {
            "epsilon": 1e-3,
            "lr": 0.1,
            "lambda_min": -1.0,
            "radius": 1.0,
        },
        "saddles.saddle_chain": {"theta": torch.zeros(3, dtype=torch.float64)},
        "saddles.saddle_free_newton_step": {"f": _saddle, "theta": [0.1, 0.1]},
        "saddles.trust_region_step": {"f": _saddle, "theta": [0.1, 0.1], "radius": 1.0},
        "saturation.sigmoid_derivative": {"x": x1},
        "saturation.tanh_derivative": {"x": x1},
        "saturation.tanh_descent": {"x0": 1.0, "lr": 0.1, "steps": 3},
        "sharpness.hessian_vector_product": {
            "f": _saddle,
            "theta": torch.tensor([0.1, 0.1], dtype=torch.float64),
            "v": torch.tensor([1.0, 0.0], dtype=torch.float64),
        },
        "sharpness.small_network": {},
        "sharpness.top_eigenvalue": {
            "f": _saddle,
            "theta": torch.tensor([0.1, 0.1], dtype=torch.float64),
        },
        "sharpness.train_tracking_sharpness": {
            "f": _saddle,
            "theta0": torch.tensor([0.1, 0.1], dtype=torch.float64),
            "lr": 0.1,
            "steps": 3,
        },
        "sine_model.sine_data": {"n": 5, "seed": 0},
        "sine_model.sine_empirical_risk": {
            "theta": torch.tensor(1.0, dtype=torch.float64),
            "sample": o["sine"],
        },
        "sine_model.sine_erm": {"sample": o["sine"]},
        "sine_model.sine_risk": {"theta": torch.tensor(1.0, dtype=torch.float64)},
        "sine_model.wrong_basin_count": {"n": 3},
        "stationary.derivative": {"f": x_cos_pi_x, "x": x1},
        "stationary.global_minimizer": {"f": x_cos_pi_x, "interval": (-1.0, 2.0)},
        "stationary.stationary_points": {"f": x_cos_pi_x, "interval": (-1.0, 2.0)},
        "surrogate.surrogate_run": {"train": o["classes"], "test": o["classes"], "epochs": 2},
        "surrogate.surrogate_sweep": {},
        "surrogate.zero_one_error": {
            "data": o["classes"],
            "w": torch.zeros(3, dtype=torch.float64),
        },
        "symmetry.fit": {
            "model": o["mlp"],
            "inputs": torch.zeros(4, 1),
            "targets": torch.zeros(4, 1),
            "steps": 2,
            "lr": 0.1,
        },
        "symmetry.hidden_linears": {"model": o["mlp"]},
        "symmetry.permute_hidden_units": {"model": o["mlp"], "permutation": [1, 0, 2]},
        "symmetry.train_from_seeds": {
            "sizes": [1, 3, 1],
            "seeds": [0, 1],
            "inputs": torch.zeros(4, 1),
            "targets": torch.zeros(4, 1),
            "steps": 2,
            "lr": 0.1,
        },
        "symmetry.width_experiment": {},
        "symmetry.wiggly_data": {},
        "validation.as_finite_tensor": {"name": "v", "value": 1.0},
        "validation.as_samples": {"X": X, "y": Y},
        "validation.check_bool": {"name": "v", "value": True},
        "validation.check_callable": {"name": "v", "value": len},
        "validation.check_int": {"name": "v", "value": 1},
        "validation.check_interval": {"name": "v", "interval": (0.0, 1.0)},
        "validation.check_positive": {"name": "v", "value": 1.0},
        "validation.check_probability": {"name": "v", "value": 0.5},
        "validation.check_seed": {"name": "v", "value": 0},
        "validation.check_sequence": {"name": "v", "value": [1]},
    }


# Required parameters that hold sequences: swept like the defaulted ones (a number fails).
SEQUENCES = {
    "annealing.simulated_annealing": ("starts", "temperatures"),
    "clipping.clip_by_norm": ("grads",),
    "generalization.capacity_sweep": ("degrees",),
    "generalization.sample_size_sweep": ("sizes",),
    "generalization.train_polynomials": ("train", "degrees"),
    "minibatch.minibatch_noise": ("batch_sizes",),
    "minima.descend_many": ("starts",),
    "models.mlp": ("sizes",),
    "risk.loglog_slope": ("x", "y"),
    "symmetry.permute_hidden_units": ("permutation",),
    "symmetry.train_from_seeds": ("sizes", "seeds"),
}

ANY_NUMBER = ("-1", "0")  # a finite angle, an offset, a bound: any finite number is valid
# Values of BAD that are valid for a parameter: the sweep does not call with them.
ACCEPTED: dict[str, dict[str, tuple[str, ...]]] = {
    "*": {"seed": ("0",)},  # a seed is an int >= 0
    "annealing.simulated_annealing": {"interval": ("None",)},
    "clipping.one_unit_rnn": {"h0": ANY_NUMBER},  # an initial state
    "clipping.train_rnn": {"max_norm": ("None",)},
    "clipping.state_gradient_norms": {"activation": ("None",)},  # linear units
    "conditioning.quadratic": {"angle": ANY_NUMBER},
    "gating.recurrent_net": {"forget_bias": ANY_NUMBER},  # a bias: any finite number
    "generalization.overfitting_experiment": {"degree": ("0",)},  # a constant
    "generalization.safe_learning_rate": {"counts": ("None",)},
    "generalization.sample_size_sweep": {"degree": ("0",)},
    "iterative.minimize": {"grad": ("None",), "grad_tol": ("0",), "rel_tol": ("0",)},
    "minima.descend_many": {"noise": ("0",), "interval": ("None",)},
    "newton.newton": {"grad_tol": ("0",)},  # 0 switches the rule off
    "risk.monte_carlo_excess_risk": {"alpha": ("0",)},
    "risk.one_pass_sgd": {"theta0": ANY_NUMBER},  # a starting point
    "sharpness.top_eigenvalue": {"start": ("None",)},  # a random start
    "symmetry.permute_hidden_units": {"layer": ("0",)},  # the first hidden layer
    "symmetry.train_from_seeds": {"target": ("None",), "snapshot": ("None", "0")},
    "validation.as_finite_tensor": {"ndim": ("None", "0")},
    "validation.check_int": {"minimum": ANY_NUMBER},
    "validation.check_sequence": {"check": ("None",)},
}


def swept(name: str, function: Callable[..., Any]) -> list[str]:
    """Return the parameters of ``function`` that the sweep sets to bad values."""
    parameters = inspect.signature(function).parameters.values()
    return [
        p.name
        for p in parameters
        if p.default is not inspect.Parameter.empty
        or p.name == "seed"
        or p.name in SEQUENCES.get(name, ())
    ]


def accepted(name: str, parameter: str) -> tuple[str, ...]:
    return ACCEPTED.get(name, {}).get(parameter, ()) + ACCEPTED["*"].get(parameter, ())


def test_every_public_function_has_valid_required_arguments() -> None:
    table = required()
    missing = []
    for name, function in public_functions():
        if name not in table:
            needed = [
                p.name
                for p in inspect.signature(function).parameters.values()
                if p.default is inspect.Parameter.empty
            ]
            entry = ", ".join(f'"{p}": ...' for p in needed)
            missing.append(f'  "{name}": {{{entry}}},  # {name}{inspect.signature(function)}')
    assert not missing, (
        "public functions without an entry in REQUIRED of tests/test_bad_input.py; "
        "add each with valid values of its required arguments (and, if a value in BAD is "
        "valid for one of its parameters, an entry in ACCEPTED):\n" + "\n".join(missing)
    )


def bad_calls() -> Iterator[tuple[str, str, str]]:
    """Yield each bad call; a function without an entry in REQUIRED is reported elsewhere."""
    table = required()
    for name, function in public_functions():
        if name not in table:
            continue
        for parameter in swept(name, function):
            for label in BAD:
                if label not in accepted(name, parameter):
                    yield name, parameter, label


CALL_SECONDS = 10  # a bad call fails at its checks, in milliseconds


class CallTooLong(Exception):
    """A bad call ran on instead of failing at its checks."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (where the system has SIGALRM; else no limit)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise CallTooLong

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def problem(name: str, parameter: str, label: str) -> str | None:
    """Call ``name`` with ``parameter`` set to BAD[label]; describe what went wrong."""
    module, _, attribute = name.partition(".")
    function = getattr(importlib.import_module(f"optguide.{module}"), attribute)
    arguments = dict(required().get(name, {}))
    arguments[parameter] = BAD[label]
    call = f"{name}({parameter}={label})"
    try:
        with time_limit(CALL_SECONDS):
            function(**arguments)
    except CallTooLong:
        return f"{call} ran for more than {CALL_SECONDS} s: no check stops this value"
    except (ValueError, TypeError) as error:
        if parameter not in str(error):
            return f"{call} raised {type(error).__name__} not naming {parameter!r}: {error}"
        return None
    except Exception as error:
        return f"{call} raised {type(error).__name__}, not ValueError/TypeError: {error}"
    return f"{call} raised nothing (if {label} is valid there, add it to ACCEPTED)"


def test_every_bad_argument_raises_an_error_that_names_it() -> None:
    torch.manual_seed(0)
    calls = list(bad_calls())
    problems = [p for p in (problem(*call) for call in calls) if p is not None]
    assert len(calls) > 500
    assert not problems, f"{len(problems)} of {len(calls)} bad calls:\n" + "\n".join(problems)
