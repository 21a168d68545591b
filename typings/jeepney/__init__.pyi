from .bus_messages import MatchRule as MatchRule
from .bus_messages import message_bus as message_bus
from .low_level import HeaderFields as HeaderFields
from .low_level import Message as Message
from .low_level import MessageType as MessageType
from .wrappers import DBusAddress as DBusAddress
from .wrappers import new_method_call as new_method_call
