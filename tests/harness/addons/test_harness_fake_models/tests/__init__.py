from . import test_fake_models
