from . import order
from . import misc
from . import compute
from . import company
from . import money
from . import attachment
