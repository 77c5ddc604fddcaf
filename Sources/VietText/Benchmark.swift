/// Throughput measurement of the hot paths (run it in a release build).
public enum VietTextBenchmark {
    /// Repeats `sample` up to `targetBytes` (UTF-8) and folds it line by line with `VietText.fold`.
    /// Returns the bytes processed and the elapsed seconds (monotonic clock).
    public static func foldThroughput(sample: String, targetBytes: Int) -> (bytes: Int, seconds: Double) {
        measure(sample, targetBytes) { VietText.fold($0).utf8.count }
    }

    /// Repeats `sample` up to `targetBytes` and tokenises it line by line with `Tokenizer.tokenize`.
    public static func tokenizeThroughput(sample: String, targetBytes: Int) -> (bytes: Int, seconds: Double) {
        measure(sample, targetBytes) { Tokenizer.tokenize($0).count }
    }

    /// Times `work` over the repeated sample, line by line; its results feed a sink so nothing is optimised away.
    @inline(__always)
    static func measure(_ sample: String, _ targetBytes: Int, _ work: (String) -> Int) -> (bytes: Int, seconds: Double) {
        let lines = makeLines(sample, targetBytes)
        var bytes = 0
        var sink = 0
        let clock = ContinuousClock()
        let start = clock.now
        for l in lines {
            bytes += l.utf8.count
            sink &+= work(l)
        }
        let d = clock.now - start
        blackHole(sink)
        return (bytes, seconds(d))
    }

    static func makeLines(_ sample: String, _ targetBytes: Int) -> [String] {
        let base = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !base.isEmpty, !sample.isEmpty else { return [] }
        var lines: [String] = []
        var total = 0
        while total < targetBytes {
            for l in base {
                lines.append(l)
                total += l.utf8.count + 1
                if total >= targetBytes { break }
            }
        }
        _ = Tables.shared // build tables before timing
        return lines
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }

    @inline(never) static func blackHole(_ x: Int) { if x == -1 { print("") } }
}
