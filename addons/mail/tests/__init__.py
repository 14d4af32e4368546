from . import test_mail_common
from . import test_mail_mail
