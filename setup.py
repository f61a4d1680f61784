"""Installs the repository's top-level folders under the one package name `presse`.

The repository keeps the design card's layout (presse/ the domain, tui/ the application, widgets/,
styles/, seeds/); users get `presse`, `presse.tui`, `presse.widgets`, `presse.styles`, `presse.seeds`
and nothing else at the top of site-packages. Subpackages are discovered, not listed by hand.
Everything else about the project is in pyproject.toml.
"""

from setuptools import find_packages, setup

FOLDERS = {
    "presse": "presse",
    "presse.tui": "tui",
    "presse.widgets": "widgets",
    "presse.styles": "styles",
    "presse.seeds": "seeds",
}


def discovered_packages() -> list[str]:
    """Each mapped package and every package found below its folder, under its installed name."""
    return [
        f"{name}.{sub}" if sub else name
        for name, folder in FOLDERS.items()
        for sub in ["", *find_packages(folder)]
    ]


setup(package_dir=FOLDERS, packages=discovered_packages())
