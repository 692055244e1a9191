"""`make bench`: every benchmark, printed; nothing here is asserted."""

import sys

from bench import assessment_bench, extract_eval, import_bench, platform_bench, textrepair_bench

if __name__ == "__main__":
    if sys.argv[1:] == ["eval"]:
        extract_eval.main()
    else:
        textrepair_bench.main()
        extract_eval.main()
        platform_bench.main()
        import_bench.main()
        assessment_bench.main()
