from . import res_users
from . import thing
