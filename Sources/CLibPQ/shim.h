// libpq, PostgreSQL's C client (Debian's libpq-dev), for AutoML's PostgreSQL study storage.
#include <libpq-fe.h>
