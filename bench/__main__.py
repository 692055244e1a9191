"""`make bench`: every benchmark, printed; nothing here is asserted."""

from bench import textrepair_bench

if __name__ == "__main__":
    textrepair_bench.main()
