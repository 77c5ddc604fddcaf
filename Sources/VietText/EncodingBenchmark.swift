/// Throughput of `EncodingDetector.decode` on whole files (run it in a release build).
public enum EncodingBenchmark {
    /// Decodes the files' bytes again and again until `targetBytes` have been read; returns the bytes
    /// decoded and the elapsed seconds (monotonic clock).
    public static func decodeThroughput(files: [[UInt8]], targetBytes: Int) -> (bytes: Int, seconds: Double) {
        let files = files.filter { !$0.isEmpty }
        guard !files.isEmpty else { return (0, 0) }
        _ = Tables.shared
        _ = Syllable.rhymes
        var bytes = 0
        var sink = 0
        let clock = ContinuousClock()
        let start = clock.now
        while bytes < targetBytes {
            for f in files {
                sink &+= EncodingDetector.decode(f).text.utf8.count
                bytes += f.count
                if bytes >= targetBytes { break }
            }
        }
        let d = clock.now - start
        VietTextBenchmark.blackHole(sink)
        return (bytes, VietTextBenchmark.seconds(d))
    }
}
