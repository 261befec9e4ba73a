"""The frozen app's entry point (PyInstaller runs this file as __main__)."""

import sys

from fieldclient.__main__ import main

sys.exit(main())
