"""医疗救助: claims, the quote, and the one-stop settlement import (the calculation itself is
`policy.programs.medical`)."""
