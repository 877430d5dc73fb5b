extension DSLProgram {
    /// The longest program text the parser reads.
    public static let maximumTextBytes = 1 << 20

    /// Parses the text form of ../shared/specs/list-dsl.md: one line per input declaration
    /// (`a <- [int]`, `b <- int`), then one per statement (`c <- MAP (*2) a`). Names are any
    /// letter followed by letters, digits or `_`, each bound once; blank lines and spaces around
    /// words are ignored, and `\r\n` line ends are accepted.
    ///
    /// - Throws: ``DSLProgramError`` naming the 1-based line and what is wrong there.
    public init(parsing text: String) throws(DSLProgramError) {
        guard text.utf8.count <= Self.maximumTextBytes else {
            throw DSLProgramError(line: nil, reason: .textTooLong(limit: Self.maximumTextBytes))
        }
        var names: [String: Int] = [:]
        var inputTypes: [DSLType] = []
        var statements: [DSLStatement] = []
        var variableTypes: [DSLType] = []
        var lastLine = 0
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingWhitespace
            if line.isEmpty { continue }
            lastLine = lineNumber
            func fail(_ reason: DSLProgramError.Reason) -> DSLProgramError {
                DSLProgramError(line: lineNumber, reason: reason)
            }
            guard let arrow = line.range(of: "<-") else { throw fail(.malformedLine(String(line))) }
            let name = String(line[..<arrow.lowerBound].trimmingWhitespace)
            let words = line[arrow.upperBound...].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !name.isEmpty, !words.isEmpty else { throw fail(.malformedLine(String(line))) }
            guard Self.isValidName(name) else { throw fail(.invalidName(name)) }
            guard names[name] == nil else { throw fail(.redefinedVariable(name: name)) }

            if let type = DSLType(rawValue: words[0]) {
                guard words.count == 1 else { throw fail(.malformedLine(String(line))) }
                guard statements.isEmpty else { throw fail(.declarationAfterStatement(name: name)) }
                guard inputTypes.count < Self.maximumInputs else { throw fail(.tooManyInputs(limit: Self.maximumInputs)) }
                inputTypes.append(type)
                variableTypes.append(type)
            } else {
                guard let function = DSLFunction(rawValue: words[0]) else { throw fail(.unknownFunction(words[0])) }
                guard statements.count < Self.maximumStatements else {
                    throw fail(.tooManyStatements(limit: Self.maximumStatements))
                }
                var rest = words.dropFirst()
                var lambda: DSLLambda?
                if let kind = function.lambdaKind {
                    guard let word = rest.first else { throw fail(.missingLambda(function: function, kind: kind)) }
                    guard let parsed = DSLLambda(rawValue: word) else {
                        throw fail(names[word] != nil ? .missingLambda(function: function, kind: kind) : .unknownLambda(word))
                    }
                    lambda = parsed
                    rest = rest.dropFirst()
                } else if let word = rest.first, let parsed = DSLLambda(rawValue: word) {
                    throw fail(.unexpectedLambda(function: function, lambda: parsed))
                }
                var arguments: [Int] = []
                for word in rest {
                    guard let variable = names[word] else { throw fail(.undefinedVariable(name: word)) }
                    arguments.append(variable)
                }
                let statement = DSLStatement(function, lambda, arguments)
                if let reason = Self.problem(with: statement, variableTypes: variableTypes) { throw fail(reason) }
                statements.append(statement)
                variableTypes.append(function.resultType)
            }
            names[name] = variableTypes.count - 1
        }
        guard !statements.isEmpty else {
            throw DSLProgramError(line: lastLine == 0 ? nil : lastLine, reason: .noStatements)
        }
        self.inputTypes = inputTypes
        self.statements = statements
    }

    /// Whether `name` is a letter followed by letters, digits or underscores (ASCII).
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (65...90).contains(first) || (97...122).contains(first) else { return false }
        return name.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 95 }
    }
}

extension Substring {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...end]
    }
}
