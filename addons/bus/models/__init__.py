from . import bus_bus
