"""Setting a device up (an admin registers or adopts it) and checking an installation."""
