import Foundation
import Xapian

/// An index run as stages: walk (`Walk`) → name and plan (`IndexPlan`, `FileNamer`) → read →
/// parse → build (`Archive.prepareForIndex`, on the worker threads of a `FilePipeline`) → write
/// (an `IndexSink`: the archive's database or shards, or nothing for a measurement).
///
/// This thread walks, plans, takes the workers' results in file order and hands them to the sink;
/// files whose stamp says unchanged are not given to the workers at all. What the last run left in
/// the reading log (`ReadingLog`) is dealt with first: its culprits are marked poison, its suspects
/// read first and one at a time.
struct IndexRun {
    let sink: IndexSink
    /// The archive folder (reading log, the database the walk must not enter); nil: none.
    let archivePath: String?
    let options: IndexOptions

    func run(paths: [String], progress: ((IndexProgress) -> Void)?) throws(ArchiveError) -> IndexSummary {
        let errorPath = archivePath ?? "(no database)"
        // What the last run left: the files it died on are recorded before anything else.
        let findings = archivePath.map { ReadingLog.findings(dbPath: $0) } ?? ReadingLog.Findings()
        if !findings.culprits.isEmpty {
            do {
                for c in findings.culprits { try sink.setMetadata(Archive.poisonKey(c.name), "\(c.size)|\(c.mtime)", ofFile: c.name) }
                try sink.commitNow()
            } catch { throw ArchiveError.from(error, path: errorPath) }
        }
        let log = archivePath.map { ReadingLog(dbPath: $0, slots: options.workerCount + 16, memoryBudget: options.memoryBudget) }
        defer { log?.close() }

        // Walk.
        var walk = Archive.Walk(followLinks: options.followLinks, database: archivePath)
        for p in paths { walk.collect(argument: p) }
        var summary = IndexSummary()
        summary.warnings.append(contentsOf: walk.warnings)
        summary.filesSkipped += walk.skipped

        // Name and plan.
        let plan: Archive.IndexPlan
        do { plan = try Archive.IndexPlan(walk.files, sink: sink) } catch { throw ArchiveError.from(error, path: errorPath) }
        summary.warnings.append(contentsOf: plan.warnings)
        summary.filesSkipped += plan.skipped
        let files = plan.files
        summary.filesSeen = files.count
        let bytesTotal = files.reduce(0) { $0 + $1.size }

        // Read, parse, build (workers), write (the sink), file by file in order.
        var pipeline: FilePipeline?
        defer { pipeline?.cancel() }
        var written = IndexSummary()
        do {
            // Files that stopped a run and have changed since: read again like any other.
            for name in plan.stalePoison { try sink.setMetadata(Archive.poisonKey(name), "", ofFile: name) }
            let bodyPositions = sink.schemaVersion < Schema.positionlessSince
            let limit = options.timeLimit, ingest = options.ingest, exactPositions = options.exactPositions
            func start(_ jobs: [FilePipeline.Job], workers: Int) -> FilePipeline {
                FilePipeline(jobs: jobs, workers: workers, log: log, timeLimit: { limit.seconds(forBytes: $0.size) }) { job in
                    Archive.prepareForIndex(job.file, previousHash: job.previousHash, ingest: ingest, bodyPositions: bodyPositions,
                                           exactPositions: exactPositions)
                }
            }
            func job(_ i: Int) -> FilePipeline.Job { FilePipeline.Job(file: files[i], previousHash: plan.previous[i]?.hash) }
            let toRead = files.indices.filter(plan.needsReading)
            // The last run's suspects first, one at a time: if one kills this run too, the log
            // names it alone. (Given up when too slow, as any file.)
            var ready: [Int: Archive.PreparedIndexFile?] = [:]
            let suspects = Set(findings.suspects)
            let suspected = toRead.filter { suspects.contains(ReadingLog.Entry(name: files[$0].name, size: files[$0].size, mtime: files[$0].mtime)) }
            if !suspected.isEmpty, let log {
                log.readingSuspects(true)
                let alone = start(suspected.map(job), workers: 1)
                for (k, i) in suspected.enumerated() { ready[i] = .some(alone.take(k)) }
                alone.cancel()
                log.readingSuspects(false)
            }
            let jobs = toRead.filter { ready[$0] == nil }.map(job)
            if !jobs.isEmpty { pipeline = start(jobs, workers: min(options.workerCount, jobs.count)) }
            var bytesDone = 0
            var nextJob = 0
            var waited = Duration.zero
            let clock = ContinuousClock()
            defer { summary.writerWaitSeconds = Double(waited / .microseconds(1)) / 1e6 }
            for (i, f) in files.enumerated() {
                progress?(IndexProgress(filesDone: i, filesTotal: files.count, bytesDone: bytesDone, bytesTotal: bytesTotal,
                                        documents: summary.documentsIndexed, current: f.name))
                let item: IndexEntry.Item
                if let unread = plan.unreadItem(i) {
                    item = unread
                } else {
                    let prepared: Archive.PreparedIndexFile?
                    if let r = ready.removeValue(forKey: i) {
                        prepared = r
                    } else {
                        let t0 = clock.now
                        prepared = pipeline!.take(nextJob)
                        waited += clock.now - t0
                        nextJob += 1
                    }
                    if let prepared {
                        item = .prepared(prepared, previous: plan.previous[i])
                        if case .documents(_, let docs, _, _) = prepared.outcome { summary.documentsIndexed += docs.count }
                    } else {
                        item = .stuck(limitSeconds: Int(options.timeLimit.seconds(forBytes: f.size)))
                    }
                }
                try sink.write(IndexEntry(sequence: i, file: f, item: item))
                bytesDone += f.size
            }
            pipeline?.cancel()
            pipeline = nil
            written = try sink.finish(pruneRoots: options.prune ? walk.roots : nil, seen: Set(files.map(\.name)))
            progress?(IndexProgress(filesDone: files.count, filesTotal: files.count, bytesDone: bytesTotal, bytesTotal: bytesTotal,
                                    documents: summary.documentsIndexed, current: ""))
        } catch {
            // Every file is its own transaction, so what is pending is whole files: kept.
            sink.abandon()
            throw ArchiveError.from(error, path: errorPath)
        }
        return IndexRun.combine(run: summary, written: written)
    }

    /// The run's own counts (walk and plan warnings, time waited for the workers) with what the
    /// sink wrote.
    static func combine(run: IndexSummary, written w: IndexSummary) -> IndexSummary {
        var s = w
        s.filesSeen = run.filesSeen
        s.filesSkipped += run.filesSkipped
        s.warnings = run.warnings + w.warnings
        s.conversions = run.conversions + w.conversions
        s.writerWaitSeconds = run.writerWaitSeconds
        return s
    }
}

extension ArchiveWriter {
    /// Indexes files and folders incrementally.
    ///
    /// A folder's files are named by their path relative to it; a file argument by its base name.
    /// A file whose size and mtime match its stamp is not even read; one whose content hash matches
    /// is unchanged too; a changed file's documents are replaced; with `options.prune`, files that
    /// were indexed from one of the folder arguments and no longer exist lose their documents.
    ///
    /// Crash safety: each file's replacement (deleting its old documents, adding the new ones,
    /// writing its stamp `file:NAME`) is one Xapian transaction inside a batch, and a batch becomes
    /// visible atomically at commit. A run killed at any moment leaves the last committed batch (of
    /// each shard); the next run redoes exactly the files whose stamps were not committed.
    public func index(paths: [String], options: IndexOptions = IndexOptions(),
                      progress: ((IndexProgress) -> Void)? = nil) throws(ArchiveError) -> IndexSummary {
        let sink = ArchiveSink(databases: zip(shards, shardPaths).map { ($0, $1) }, schemaVersion: schemaVersion,
                               options: options, readers: readerLock)
        return try IndexRun(sink: sink, archivePath: path, options: options).run(paths: paths, progress: progress)
    }
}

extension Archive {
    /// The index pipeline with a write stage that discards what it is given (`DiscardSink`):
    /// walk, name, read, parse and build exactly as `vanban index` does, for measurements.
    public static func indexDiscarding(paths: [String], options: IndexOptions = IndexOptions()) throws(ArchiveError) -> IndexSummary {
        try IndexRun(sink: DiscardSink(), archivePath: nil, options: options).run(paths: paths, progress: nil)
    }
}
