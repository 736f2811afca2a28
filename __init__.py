from . import controllers, models, wizards, xlsx
