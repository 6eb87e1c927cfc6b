"""The time zone of every site the archive covers, and of the times it writes out."""

from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
