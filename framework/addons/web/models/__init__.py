from . import ir_http
from . import ir_asset
from . import base
