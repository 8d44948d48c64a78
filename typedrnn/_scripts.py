"""``typedrnn run``: run an unmodified script as ``python SCRIPT ARGS`` would, with typed modules.

``typedrnn run -m MODULE ARGS`` runs a module as ``python -m MODULE ARGS`` does:
``sys.argv[0]`` the module's file, ``sys.path[0]`` the working directory, and
``__name__`` ``"__main__"`` (a package runs its ``__main__`` submodule).

Everything a script can observe is set up the way the interpreter sets it up for
``python SCRIPT``: ``sys.argv`` as given, ``sys.path[0]`` the script's directory
(symbolic links resolved), a fresh ``__main__`` module with an absolute
``__file__`` and a source loader, no ``from __future__`` flags leaking in from
typedrnn, and on an uncaught exception a traceback that starts in the script and
the exit status Python would give. The one difference is that
:func:`typedrnn.patch` is in effect, so the modules the script builds are typed,
in this process and in the Python processes it starts (``torch.multiprocessing.spawn``,
``torchrun`` workers; see ``typedrnn/_child_startup``), which find
``TYPEDRNN_RUN=1`` and the start-up directory on ``PYTHONPATH`` in their environment.
(A directory or zip archive with a ``__main__.py`` runs through :mod:`runpy`,
which gives it an absolute ``sys.argv[0]``.)
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import types
from collections.abc import Sequence
from importlib.machinery import SourceFileLoader

from typedrnn._patch import patch


def run_script(script: str, arguments: Sequence[str]) -> int:
    """Run ``script`` with ``arguments`` under :func:`typedrnn.patch`; return the exit status.

    ``SystemExit`` raised by the script passes through, exactly as in ``python``.
    """
    path = os.path.abspath(script)
    if not os.path.exists(path):
        print(f"typedrnn run: can't open file {path!r}: [Errno 2] No such file or directory", file=sys.stderr)
        return 2

    patch()
    _type_child_processes()
    sys.argv = [script, *arguments]
    try:
        if os.path.isfile(path):
            sys.path[0] = os.path.dirname(os.path.realpath(path))
            _run_file(path)
        else:
            # A directory or zip archive with a __main__.py: runpy puts it on
            # sys.path itself, where Python would have put it instead of ours.
            del sys.path[0]
            runpy.run_path(path, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as error:
        _report_uncaught(error)
        if isinstance(error, KeyboardInterrupt):
            _die_of_sigint()
        return 1
    return 0


def run_module(module: str, arguments: Sequence[str]) -> int:
    """Run ``module`` with ``arguments`` as ``python -m`` would, under :func:`typedrnn.patch`;
    return the exit status. ``SystemExit`` raised by the module passes through."""
    patch()
    # runpy puts the module's file in sys.argv[0] once it has found it, as python does.
    sys.argv = ["-m", *arguments]
    sys.path[0] = os.getcwd()
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit:
        raise
    except BaseException as error:
        if isinstance(error, ImportError) and _first_frame_of_the_program(error) is None:
            # Raised while looking for the module, before any of its code ran.
            print(f"typedrnn run: {error}", file=sys.stderr)
            return 1
        _report_uncaught(error)
        if isinstance(error, KeyboardInterrupt):
            _die_of_sigint()
        return 1
    return 0


_CHILD_STARTUP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_child_startup")


def _type_child_processes() -> None:
    """Let every Python process the script starts patch itself at start-up."""
    os.environ["TYPEDRNN_RUN"] = "1"
    paths = os.environ.get("PYTHONPATH", "")
    if _CHILD_STARTUP not in paths.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (_CHILD_STARTUP, paths)))


def _run_file(path: str) -> None:
    """Execute a source file as the program's ``__main__`` module."""
    with open(path, "rb") as source_file:
        source = source_file.read()
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__loader__ = SourceFileLoader("__main__", path)
    main.__builtins__ = __builtins__  # type: ignore[attr-defined]
    main.__cached__ = None  # type: ignore[attr-defined]
    sys.modules["__main__"] = main
    code = compile(source, path, "exec", dont_inherit=True)
    exec(code, main.__dict__)


def _first_frame_of_the_program(error: BaseException) -> types.TracebackType | None:
    """The traceback from the program's first frame on: without this module's frames and
    those of runpy and importlib (frozen modules) that lead to the program."""
    traceback = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename != __file__ and not filename.startswith("<frozen ") and filename != runpy.__file__:
            break
        traceback = traceback.tb_next
    return traceback


def _report_uncaught(error: BaseException) -> None:
    """Print the traceback as Python would: from the program's first frame on."""
    traceback = _first_frame_of_the_program(error)
    # The default hook prints the exception's own __traceback__, whatever it is passed.
    sys.excepthook(type(error), error.with_traceback(traceback), traceback)


def _die_of_sigint() -> None:
    """Python ends a program stopped by Ctrl-C by the signal itself, so its parent knows."""
    if hasattr(signal, "SIGINT") and hasattr(os, "kill") and sys.platform != "win32":
        sys.stdout.flush()
        sys.stderr.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
