"""The ``web`` addon: sessions (/web/session/*), /web/dataset/call_kw, login and health."""
from . import controllers
from . import models
