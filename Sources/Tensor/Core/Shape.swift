/// Shape arithmetic shared by the operations: element counts, strides, axes and broadcasting.
enum Shape {
    /// Number of elements of a tensor of this shape (1 for a scalar, shape `[]`).
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides, in elements.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// `axis` in `0..<rank`, accepting negative axes counted from the end; stops with a message
    /// naming the operation, the axis and the shape when it is out of range.
    static func normalize(axis: Int, rank: Int, operation: String, shape: [Int]) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        check(
            resolved >= 0 && resolved < max(rank, 0),
            "\(operation): axis \(axis) is out of range for shape \(shape) (rank \(rank))")
        return resolved
    }

    /// Sorted, distinct, non-negative axes; `nil` means all axes.
    static func normalize(axes: [Int]?, rank: Int, operation: String, shape: [Int]) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let resolved = axes.map { normalize(axis: $0, rank: rank, operation: operation, shape: shape) }
        check(
            Set(resolved).count == resolved.count,
            "\(operation): axes \(axes) name the same axis twice for shape \(shape)")
        return resolved.sorted()
    }

    /// The NumPy broadcast of two shapes, or a stop naming the operation and both shapes.
    static func broadcast(_ a: [Int], _ b: [Int], operation: String) -> [Int] {
        guard let result = broadcastIfPossible(a, b) else {
            fatalError("\(operation): shapes \(a) and \(b) cannot be broadcast together")
        }
        return result
    }

    /// The NumPy broadcast of two shapes, or nil when they are incompatible.
    static func broadcastIfPossible(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                return nil
            }
        }
        return result
    }

    /// Strides that read a tensor of `shape` as if it had `target` shape (0 on broadcast axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        var result = [Int](repeating: 0, count: target.count)
        for i in 0..<shape.count where shape[i] != 1 || target[i + offset] == 1 {
            result[i + offset] = shape[i] == 1 ? 0 : own[i]
        }
        return result
    }

    /// A shape for `reshape`: `-1` stands for the one size that makes the counts agree.
    static func resolve(reshape newShape: [Int], count: Int, from shape: [Int]) -> [Int] {
        let unknowns = newShape.filter { $0 == -1 }.count
        check(unknowns <= 1, "reshaped(to:): more than one -1 in \(newShape)")
        check(
            newShape.allSatisfy { $0 >= 0 || $0 == -1 },
            "reshaped(to:): negative size in \(newShape)")
        if unknowns == 1 {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            check(
                known > 0 && count % known == 0,
                "reshaped(to:): cannot reshape \(shape) (\(count) elements) to \(newShape)")
            return newShape.map { $0 == -1 ? count / known : $0 }
        }
        check(
            Shape.count(newShape) == count,
            "reshaped(to:): cannot reshape \(shape) (\(count) elements) to \(newShape)")
        return newShape
    }
}
