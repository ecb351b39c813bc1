"""Deadline computation for Belgian (Brussels) housing procedures.

:mod:`clss_housing.deadlines.calendar` holds the judicial calendar: Belgian
legal holidays, working days, and the counting rules of the Code judiciaire /
Gerechtelijk Wetboek (arts 50, 52, 53, 53bis and 54), plus the Brussels winter
moratorium on evictions (Code bruxellois du Logement, art. 233duodecies).
"""
