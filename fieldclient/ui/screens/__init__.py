"""The crew's screens: set-up, sign-in, the EMS Incident List, the ePCR editor, conflicts."""
