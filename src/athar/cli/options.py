"""Help texts of options that several commands share, in a module of their own so that a command
importing one does not import the other commands' modules (`athar import`'s loads Django)."""

from __future__ import annotations

DATE_ORDER_HELP = ("Order of day, month and year in numeric dates such as 03/04/2013 (dmy: 3 April). "
                   "Without it, a date that could be read both ways is reported, never guessed.")
