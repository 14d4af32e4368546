from . import rpc
