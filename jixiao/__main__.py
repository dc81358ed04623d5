import sys

from jixiao.cli import main

sys.exit(main())
