from . import records
