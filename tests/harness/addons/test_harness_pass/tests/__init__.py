from . import test_item
from . import test_form
from . import test_http
from . import test_post_install
from . import test_helpers
