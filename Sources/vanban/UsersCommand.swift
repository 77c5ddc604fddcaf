import ArgumentParser
import Foundation
import Web

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the users file of `vanban serve --users FILE`.",
        discussion: """
        The file holds one user a line, NAME:HASH, HASH a bcrypt hash (an `htpasswd -B` file also
        works). `add` asks for the password twice on a terminal, or reads one line from standard
        input; it sets a new password for a user already there. The server reads the file again
        when it changes.

        Examples:
          vanban users add lan --users /etc/vanban/users
          printf '%s\\n' "$PASSWORD" | vanban users add bot --users users.txt
          vanban users remove lan --users /etc/vanban/users
          vanban users list --users /etc/vanban/users
        """,
        subcommands: [Add.self, Remove.self, List.self]
    )

    struct FileOption: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The users file.", valueName: "FILE")) var users: String

        func read(creating: Bool) throws -> UserFile {
            if creating && !FileManager.default.fileExists(atPath: users) { return UserFile() }
            do { return try UserFile.read(path: users) } catch {
                Out.error(message: error.description)
                throw ExitCode(2)
            }
        }

        func write(_ f: UserFile) throws {
            do { try f.write(to: users) } catch {
                Out.error(message: error.description)
                throw ExitCode(1)
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user, or set a new password.")
        @Argument(help: "User name: letters, digits, . _ - @ (at most 64).") var name: String
        @OptionGroup var file: FileOption

        func validate() throws {
            guard UserFile.isValidName(name) else { throw ValidationError("bad user name \"\(name)\": letters, digits, . _ - @, at most 64") }
        }

        func run() throws {
            var f = try file.read(creating: true)
            let password: String
            if isatty(STDIN_FILENO) == 1 {
                let first = Terminal.readSecret("Mật khẩu cho \(name): ")
                let again = Terminal.readSecret("Nhập lại: ")
                guard first == again else { Out.error("\(tr("hai mật khẩu không giống nhau", "the two passwords differ"))"); throw ExitCode(2) }
                password = first ?? ""
            } else {
                password = readLine(strippingNewline: true) ?? ""
            }
            guard password.count >= 8 else { Out.error("\(tr("mật khẩu cần ít nhất 8 ký tự", "a password needs at least 8 characters"))"); throw ExitCode(2) }
            let existed = f.hash(of: name) != nil
            f.set(name: name, password: password)
            try file.write(f)
            Out.print("\(existed ? "password changed" : "added"): \(name) (\(file.users))")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user.")
        @Argument(help: "User name.") var name: String
        @OptionGroup var file: FileOption

        func run() throws {
            var f = try file.read(creating: false)
            guard f.remove(name: name) else { Out.error("\(tr("không có người dùng \(name) trong \(file.users)", "no user \(name) in \(file.users)"))"); throw ExitCode(4) }
            try file.write(f)
            Out.print("removed: \(name)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")
        @OptionGroup var file: FileOption

        func run() throws {
            for e in try file.read(creating: false).entries { Out.print("\(e.name)") }
        }
    }
}

enum Terminal {
    /// A line read from the terminal without echo.
    static func readSecret(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var old = termios()
        tcgetattr(STDIN_FILENO, &old)
        var quiet = old
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &old)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
