"""Paid-Off Advisor (还清助手): advice for collection SMS after a Jiebei loan is paid off."""

__all__ = ["__version__"]

__version__ = "0.1.0"
