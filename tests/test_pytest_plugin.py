"""``pytest --typedrnn``: a test session with torch.nn's recurrent modules and Linear typed.

Each test runs an inner pytest session (pytester, in this process) with the
plugin loaded the way users get it: from the ``pytest11`` entry point.
"""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
import torch
from torch import nn

# pytester drops the modules an inner session imported first; imported here, the
# typed classes stay the same objects across sessions.
import typedrnn
import typedrnn._patch

pytest_plugins = ["pytester"]

USER_TESTS = """
import torch
from torch import nn


def test_states_in_batch_first_layout():
    lstm = nn.LSTM(10, 20, batch_first=True)
    lstm(torch.randn(3, 5, 10), (torch.zeros(3, 1, 20), torch.zeros(3, 1, 20)))


def test_correct_code_passes():
    gru = nn.GRU(10, 20)
    output, h_n = gru(torch.randn(5, 3, 10))
    assert tuple(h_n.shape) == (1, 3, 20)
"""


def test_the_plugin_is_registered_through_the_pytest11_entry_point() -> None:
    registered = {entry.name: entry.value for entry in entry_points(group="pytest11")}
    assert registered.get("typedrnn") == "typedrnn._pytest_plugin"


def test_with_typedrnn_a_shape_mistake_fails_with_the_shape_error_message(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_model=USER_TESTS)
    result = pytester.runpytest("--typedrnn")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "typedrnn: torch.nn RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell and Linear are typed",
            "E *ShapeError: LSTM(10, 20, batch_first=True): h0 expected (layers×dirs=1, batch=3, *), got (3, 1, 20)",
            "E * hint: h0 looks like it is in batch_first layout*",
            "FAILED test_model.py::test_states_in_batch_first_layout - typedrnn*",
        ]
    )


def test_without_typedrnn_the_session_uses_torchs_own_classes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_model=USER_TESTS)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.no_fnmatch_line("*ShapeError*")
    result.stdout.fnmatch_lines(["FAILED test_model.py::test_states_in_batch_first_layout - RuntimeError*"])


def test_modules_built_in_conftest_at_import_are_typed_too(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from torch.nn import GRU

        SHARED_ENCODER = GRU(4, 8)


        @pytest.fixture
        def encoder():
            return SHARED_ENCODER
        """
    )
    pytester.makepyfile(
        test_encoder="""
        import typedrnn


        def test_the_shared_encoder_is_typed(encoder):
            assert isinstance(encoder, typedrnn.GRU)
        """
    )
    pytester.runpytest("--typedrnn").assert_outcomes(passed=1)


def test_the_session_puts_torchs_classes_back_when_it_ends(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_model=USER_TESTS)
    pytester.runpytest("--typedrnn")
    assert nn.LSTM is torch.nn.modules.rnn.LSTM
    assert nn.Linear is torch.nn.modules.linear.Linear


def test_a_session_inside_a_patched_process_leaves_the_patch_on(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_model=USER_TESTS)
    with typedrnn.patched():
        pytester.runpytest("--typedrnn")
        assert isinstance(nn.GRU(3, 4), typedrnn.GRU)
    assert nn.GRU is torch.nn.modules.rnn.GRU


ADDOPTS_TYPEDRNN = """
[tool.pytest.ini_options]
addopts = "--typedrnn"
"""


def test_addopts_typedrnn_turns_the_plugin_on_for_every_run(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(ADDOPTS_TYPEDRNN)
    pytester.makepyfile(test_model=USER_TESTS)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["FAILED test_model.py::test_states_in_batch_first_layout - typedrnn*"])


def test_p_no_typedrnn_switches_the_plugin_off_even_when_addopts_says_typedrnn(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(ADDOPTS_TYPEDRNN)
    pytester.makepyfile(test_model=USER_TESTS)
    result = pytester.runpytest("-p", "no:typedrnn")
    result.assert_outcomes(passed=1, failed=1)
    result.stderr.no_fnmatch_line("*unrecognized arguments*")
    result.stdout.no_fnmatch_line("*ShapeError*")
    result.stdout.fnmatch_lines(["FAILED test_model.py::test_states_in_batch_first_layout - RuntimeError*"])


def test_no_typedrnn_after_addopts_typedrnn_switches_the_patch_off(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(ADDOPTS_TYPEDRNN)
    pytester.makepyfile(test_model=USER_TESTS)
    result = pytester.runpytest("--no-typedrnn")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.no_fnmatch_line("typedrnn: torch.nn RNN*are typed")
    result.stdout.fnmatch_lines(["FAILED test_model.py::test_states_in_batch_first_layout - RuntimeError*"])
