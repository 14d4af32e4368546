from . import test_session_states
