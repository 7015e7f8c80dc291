"""Loading and saving points-of-contact directories, YAML or CSV chosen by the extension.

:func:`load_directory` reads ``.yaml``/``.yml`` (:mod:`simulator.io.directory_yaml`) or
``.csv`` (:mod:`simulator.io.directory_csv`). Every problem in the file is collected and
raised together as one :class:`~simulator.model.errors.InputError`, one
``FILE: LOCATION: MESSAGE`` line per problem, with locations such as
``participants[3] (DE).contacts[0].email`` (YAML) or ``row 12 (DE/policy).email`` (CSV).
One bad participant never hides another.

:func:`save_directory` writes either format by extension; ``load_directory(save_directory(d))``
gives back ``d`` exactly.
"""

from __future__ import annotations

from pathlib import Path

from simulator.io.directory_csv import directory_from_csv, directory_to_csv
from simulator.io.directory_yaml import directory_from_yaml, directory_to_yaml
from simulator.io.yaml_strict import check_file_size
from simulator.model.directory import Directory
from simulator.model.errors import InputError

YAML_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIXES = (".csv",)


def load_directory(path: str | Path) -> Directory:
    """Load and validate a directory file (``.yaml``, ``.yml`` or ``.csv``).

    Raises :class:`InputError` listing every problem found.
    """
    p = Path(path)
    source = str(path)
    suffix = p.suffix.lower()
    if p.is_dir():
        raise InputError.single(source, "", "is a folder; name a directory file "
                                "(.yaml, .yml or .csv)")
    if suffix not in YAML_SUFFIXES + CSV_SUFFIXES:
        raise InputError.single(source, "", _unknown_format(p))
    text = _read_text(p, source)
    if suffix in CSV_SUFFIXES:
        return directory_from_csv(text, source, p.stem)
    return directory_from_yaml(text, source)


def save_directory(directory: Directory, path: str | Path, *, header: str | None = None) -> None:
    """Write ``directory`` as YAML or CSV, chosen by the file's extension.

    ``header`` (YAML only) is written as ``#`` comment lines at the top.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in YAML_SUFFIXES:
        text = directory_to_yaml(directory, header=header)
    elif suffix in CSV_SUFFIXES:
        if directory.stakeholders:
            raise InputError.single(str(path), "stakeholders", "a CSV directory holds states "
                                    "only; save a directory with stakeholders as .yaml")
        text = directory_to_csv(directory)
    else:
        raise InputError.single(str(path), "", _unknown_format(p))
    p.write_text(text, encoding="utf-8", newline="")


def _unknown_format(p: Path) -> str:
    return f"unknown directory format {p.suffix or '(none)'!r}; use .yaml, .yml or .csv"


def _read_text(p: Path, source: str) -> str:
    check_file_size(p, source)  # a CSV too: a directory is never that big
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError.single(source, "", "no such file; check the path") from None
    except IsADirectoryError:
        raise InputError.single(source, "", "is a directory, not a directory file") from None
    except (PermissionError, UnicodeDecodeError) as e:
        raise InputError.single(source, "", f"cannot read ({e}); save it as UTF-8 text") from None
