from . import dataset
from . import home
from . import session
from . import webclient
from . import binary
from . import database
from . import report
