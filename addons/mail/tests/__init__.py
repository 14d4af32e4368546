from . import test_mail_common
