#!/bin/sh
# no-check.sh - make check when configure found no Check: the unit tests
# cannot be built, so the suite stops here and says what to install.
echo "Bail out! the unit tests need Check: install the Debian package check, then run ./configure again"
exit 99
