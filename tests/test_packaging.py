"""What the package ships: its license, changelog, metadata and files, as a built wheel has them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest

from typedrnn import _install

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("typedrnn-*.whl")
    return zipfile.ZipFile(built)


def _metadata(wheel: zipfile.ZipFile) -> dict[str, list[str]]:
    [name] = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    message = Parser().parsestr(wheel.read(name).decode())
    return {key: message.get_all(key) or [] for key in set(message.keys())}


def test_the_wheel_ships_the_mit_license_text_the_metadata_declares(wheel: zipfile.ZipFile) -> None:
    fields = _metadata(wheel)
    assert fields["License-Expression"] == ["MIT"]
    licenses = [name for name in wheel.namelist() if ".dist-info/licenses/" in name]
    assert [name.rsplit("/", 1)[1] for name in licenses] == ["LICENSE"]
    assert wheel.read(licenses[0]).decode().startswith("MIT License\n")


def test_the_wheel_declares_the_torch_range_the_suite_runs_on(wheel: zipfile.ZipFile) -> None:
    requirements = _metadata(wheel)["Requires-Dist"]
    assert "torch<2.15,>=2.13" in requirements
    # numpy is no run-time dependency: torch's wheel does not need it, nor does typedrnn.
    assert not any(requirement.startswith("numpy") and "extra" not in requirement for requirement in requirements)


def test_the_wheel_holds_the_public_modules_the_stubs_and_the_extension(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for path in (
        "typedrnn/__init__.py",
        "typedrnn/_dims.py",
        "typedrnn/_ipython.py",
        "typedrnn/py.typed",
        "typedrnn-stubs/_modules.pyi",
        "typedrnn/_demo/mypy.ini",
    ):
        assert path in names, path


def test_the_changelog_has_an_entry_for_the_current_version() -> None:
    import typedrnn  # noqa: PLC0415

    changelog = (REPO / "CHANGELOG.md").read_text()
    assert f"\n## {typedrnn.__version__}\n" in changelog
    assert changelog.index("## Unreleased") < changelog.index(f"## {typedrnn.__version__}")


def test_the_install_advice_pins_mypy_as_the_mypy_extra_does() -> None:
    extra = [
        requirement.split(";")[0]
        for requirement in metadata.requires("typedrnn") or []
        if requirement.endswith("extra == 'mypy'") or requirement.endswith('extra == "mypy"')
    ]
    assert extra == ["mypy<2.5,>=2.4"]
    assert _install.MYPY_REQUIREMENT == "mypy>=2.4,<2.5"


def test_the_readme_compatibility_table_names_the_torch_running_this_suite() -> None:
    import torch  # noqa: PLC0415

    readme = (REPO / "README.md").read_text()
    table = readme.split("## Compatibility", 1)[1].split("\n## ", 1)[0]
    release = torch.__version__.split("+")[0]
    assert f"\n| {release} " in table, f"torch {release} runs this suite but is not in the table"
