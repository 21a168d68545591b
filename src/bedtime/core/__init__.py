"""The rules of Bedtime: pure Python, no Qt, no clock. Every time-dependent function takes `now`."""
