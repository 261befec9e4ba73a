"""fieldserver: the reference agency server that fieldclient signs in and syncs against."""
