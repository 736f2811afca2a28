"""Make the pure engine importable as ``engine`` without Odoo.

The addon root holds an ``__init__.py`` that imports Odoo, so the engine is
put on the path by itself: these tests must run where Odoo is absent.
"""

import os
import sys

ADDON_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if ADDON_ROOT not in sys.path:
    sys.path.insert(0, ADDON_ROOT)
