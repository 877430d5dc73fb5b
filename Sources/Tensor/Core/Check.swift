/// Stops the process with `message` when `condition` is false, in every build configuration.
///
/// Frontier uses this instead of `precondition` for errors a caller can make (shapes, axes,
/// indices, arguments): Swift's `precondition` drops its message from optimised builds, so a
/// release binary would stop without saying why.
@inlinable
public func check(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #file, line: UInt = #line
) {
    if _slowPath(!condition()) { fatalError(message(), file: file, line: line) }
}
