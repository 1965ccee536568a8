import Glibc

/// Finds `.env` as python-dotenv's `find_dotenv(usecwd=True)` does, so rstate reads the file
/// the app reads when run from a subfolder: the working directory, then each parent, nearest
/// first; a directory named `.env` (a virtualenv, often) is passed over, as there. Unlike
/// find_dotenv, the search stops at the repository root (the first directory holding `.git`),
/// so a checkout never picks up a `.env` from the home directory above it.
public struct DotEnvSearch: Sendable, Equatable {
  /// The file found, absolute; nil when there is none.
  public var found: String?
  /// The directories looked in, nearest first, up to the one holding `found`.
  public var searched: [String]
  /// True when the search ended at a directory holding `.git` without finding a file.
  public var stoppedAtRepository: Bool

  public enum Entry: Sendable { case missing, directory, other }

  /// `directory` is the working directory, absolute; `entry` says what a path is, and is
  /// replaced in tests.
  public init(from directory: String, entry: (String) -> Entry = DotEnvSearch.entry) {
    searched = []
    stoppedAtRepository = false
    // No absolute path (the working directory was removed): that directory only.
    guard directory.hasPrefix("/") else {
      searched = [directory]
      let candidate = Self.join(directory, ".env")
      found = entry(candidate) == .other ? candidate : nil
      return
    }
    var current = Self.normalized(directory)
    while true {
      searched.append(current)
      let candidate = Self.join(current, ".env")
      // Anything but a directory is the file: a FIFO or device there is refused when read.
      if entry(candidate) == .other {
        found = candidate
        return
      }
      if entry(Self.join(current, ".git")) != .missing {
        stoppedAtRepository = true
        return
      }
      guard current != "/", let slash = current.lastIndex(of: "/") else { return }
      current = slash == current.startIndex ? "/" : String(current[..<slash])
    }
  }

  /// What is at `path`, following links, as `os.path.isfile` and `os.path.exists` do.
  public static func entry(_ path: String) -> Entry {
    var status = stat()
    guard stat(path, &status) == 0 else { return .missing }
    return (status.st_mode & S_IFMT) == S_IFDIR ? .directory : .other
  }

  /// Where it looked, for messages: `/w/app/backend, /w/app (the repository root)`.
  public var searchedDescription: String {
    var text = searched.joined(separator: ", ")
    if stoppedAtRepository { text += " (the repository root)" }
    return text
  }

  private static func join(_ directory: String, _ name: String) -> String {
    directory == "/" ? "/" + name : directory + "/" + name
  }

  /// Without `.` components, repeated or trailing slashes; `..` is left to the caller, who
  /// passes getcwd's answer, which has none.
  private static func normalized(_ path: String) -> String {
    let parts = path.split(separator: "/").filter { $0 != "." }
    return "/" + parts.joined(separator: "/")
  }
}

/// Which `.env` was read, or where one was looked for: for `--verbose`, and for the error
/// when no setting came from anywhere.
public enum EnvFileLookup: Sendable, Equatable {
  /// `--env-file PATH`.
  case explicit(path: String)
  /// Found by the search: `path` is `.env` in the working directory, else absolute.
  case found(path: String, search: DotEnvSearch)
  case notFound(DotEnvSearch)
  /// `--no-env-file`.
  case skipped

  /// Runs the search for `.automatic`.
  public init(_ choice: EnvFileChoice) {
    switch choice {
    case .none: self = .skipped
    case .explicit(let path): self = .explicit(path: path)
    case .automatic(let directory):
      let search = DotEnvSearch(from: directory)
      guard let found = search.found else {
        self = .notFound(search)
        return
      }
      // Shown as `.env` when it is the working directory's own; read by its full path otherwise.
      let here = search.searched.count == 1 && directory == Self.workingDirectory()
      self = .found(path: here ? ".env" : found, search: search)
    }
  }

  private static func workingDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The file to read.
  public var path: String? {
    switch self {
    case .explicit(let path), .found(let path, _): return path
    case .notFound, .skipped: return nil
    }
  }

  /// For `--verbose`: `/w/app/.env`, `none in /w/app/backend, /w/app (the repository root)`.
  public var description: String {
    switch self {
    case .explicit(let path): return "\(path) (--env-file)"
    case .found(let path, let search):
      return search.searched.count == 1 ? "\(path) (the working directory's)" : path
    case .notFound(let search): return "none in \(search.searchedDescription)"
    case .skipped: return "not read (--no-env-file)"
    }
  }
}
