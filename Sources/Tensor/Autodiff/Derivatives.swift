/// Every derivative rule of the tensor library, in one table (after tinygrad's `gradient.py`).
///
/// Each entry builds the ``Pullback`` an operation records: given the upstream gradient `g` of the
/// operation's output, it returns the gradient of each input (nil for inputs that need none).
/// Notation: `x`, `y` are the inputs, `out` the output, `g` the upstream gradient, `⊙` element-wise
/// product, `↓shape` "summed back to `shape`" over the axes broadcasting added or stretched.
///
/// Entries take the values they save as arguments and detach any tensor among them (a pullback
/// must not capture a node, see ``Pullback``). ``Tensor/record(_:inputs:block:pullback:)`` builds
/// the entry only when the operation is recorded. The pullbacks run inside `noGrad`, so the tensor
/// operations they use record nothing.
///
/// The rules come in three groups: primitives (one line or a few each), named exceptions (fused
/// operations with a hand-written backward kernel, see the section's comment), and composed
/// operations, which have no rule of their own (listed at the end).
enum Derivatives {
    // MARK: - Element-wise arithmetic (broadcasting)

    /// `x + y`: `(g↓x, g↓y)`.
    @inline(__always)
    static func add(_ x: Tensor, _ y: Tensor) -> Pullback {
        let (xShape, yShape) = (x.shape, y.shape)
        return { g, needs in both(needs, g.summed(toShape: xShape), g.summed(toShape: yShape)) }
    }

    /// `x − y`: `(g↓x, −g↓y)`.
    @inline(__always)
    static func subtract(_ x: Tensor, _ y: Tensor) -> Pullback {
        let (xShape, yShape) = (x.shape, y.shape)
        return { g, needs in both(needs, g.summed(toShape: xShape), (-g).summed(toShape: yShape)) }
    }

    /// `x ⊙ y`: `((g⊙y)↓x, (g⊙x)↓y)`.
    @inline(__always)
    static func multiply(_ x: Tensor, _ y: Tensor) -> Pullback {
        let (x, y) = (x.detached(), y.detached())
        return { g, needs in both(needs, (g * y).summed(toShape: x.shape), (g * x).summed(toShape: y.shape)) }
    }

    /// `x / y`: `((g/y)↓x, (−g⊙x/y²)↓y)`.
    @inline(__always)
    static func divide(_ x: Tensor, _ y: Tensor) -> Pullback {
        let (x, y) = (x.detached(), y.detached())
        return { g, needs in both(needs, (g / y).summed(toShape: x.shape), (-(g * x) / (y * y)).summed(toShape: y.shape)) }
    }

    /// `−x`: `−g`.
    static var negate: Pullback { { g, _ in [-g] } }

    /// `x^y`: `(g⊙y⊙x^(y−1))↓x`, `(g⊙out⊙log x)↓y`, with `log x` taken as 0 where x = 0 and
    /// y ≥ 0, as PyTorch does.
    @inline(__always)
    static func power(_ x: Tensor, _ y: Tensor, output: Tensor) -> Pullback {
        let (x, y, out) = (x.detached(), y.detached(), output.detached())
        return { g, needs in
            both(needs, (g * y * x.pow(y - 1)).summed(toShape: x.shape)) {
                let logX = Tensor.where(x.equal(0) * y.greaterEqual(0), Tensor(scalar: 0, dtype: x.dtype), x.log())
                return (g * out * logX).summed(toShape: y.shape)
            }
        }
    }

    /// `x^e` for a constant `e` (a scalar tensor): `g⊙e⊙x^(e−1)`.
    @inline(__always)
    static func power(_ x: Tensor, constant e: Tensor) -> Pullback {
        let x = x.detached()
        return { g, _ in [g * e * x.pow(e - 1)] }
    }

    /// `minimum(x, y)`, `maximum(x, y)`: `g` to the winning side, halved on ties (PyTorch's rule).
    @inline(__always)
    static func extremum(_ x: Tensor, _ y: Tensor, _ function: BinaryFunction) -> Pullback {
        let (x, y) = (x.detached(), y.detached())
        return { g, needs in
            let wins = function == .minimum ? x.less(y) : x.greater(y)
            let shareX = wins + x.equal(y) * 0.5
            return both(needs, (g * shareX).summed(toShape: x.shape), (g * (1 - shareX)).summed(toShape: y.shape))
        }
    }

    // MARK: - Element-wise functions of one tensor

    /// The functions of ``UnaryDerivative``: `g⊙f′(x)` in one fused pass (see ``unaryPass``).
    @inline(__always)
    static func unary(_ rule: UnaryDerivative, input: Tensor, output: Tensor) -> Pullback {
        let saved = rule.usesOutput ? output.storage : input.storage
        let shape = input.shape
        return { g, _ in
            switch (g.storage, saved) {
            case let (.float32(u), .float32(s)): return [Tensor(storage: .float32(unaryPass(rule, upstream: u, saved: s)), shape: shape)]
            case let (.float64(u), .float64(s)): return [Tensor(storage: .float64(unaryPass(rule, upstream: u, saved: s)), shape: shape)]
            default: fatalError("internal: gradient dtype \(g.dtype) differs from the input's")
            }
        }
    }

    /// `|x|`: `g⊙sign(x)` (0 at x = 0).
    @inline(__always)
    static func abs(_ x: Tensor) -> Pullback {
        let sign = x.mapElements(.sign)
        return { g, _ in [g * sign] }
    }

    /// `x` converted to another dtype: `g` converted back to `x`'s.
    @inline(__always)
    static func conversion(from source: DType) -> Pullback { { g, _ in [g.converted(to: source)] } }

    /// `where(mask, x, y)`: `(g⊙mask)↓x`, `(g⊙(1−mask))↓y`. `chosen` is the mask as 0/1 in the
    /// output's shape and dtype; the mask itself gets no gradient.
    @inline(__always)
    static func `where`(_ chosen: Tensor, _ x: Tensor, _ y: Tensor) -> Pullback {
        let (chosen, rejected) = (chosen.detached(), Float(1) - chosen.detached())
        let (xShape, yShape) = (x.shape, y.shape)
        return { g, needs in both(needs, (g * chosen).summed(toShape: xShape), (g * rejected).summed(toShape: yShape)) }
    }

    // MARK: - Movement

    /// `reshaped(to:)` (and squeeze, unsqueeze, flatten): `g` reshaped back.
    @inline(__always)
    static func reshape(_ x: Tensor) -> Pullback {
        let shape = x.shape
        return { g, _ in [g.reshaped(to: shape)] }
    }

    /// `expanded(to:)`: `g↓x`.
    @inline(__always)
    static func expand(_ x: Tensor) -> Pullback {
        let shape = x.shape
        return { g, _ in [g.summed(toShape: shape)] }
    }

    /// `permuted(order)` (and every transpose): `g` permuted by the inverse order.
    @inline(__always)
    static func permute(_ order: [Int]) -> Pullback {
        var inverse = [Int](repeating: 0, count: order.count)
        for (i, axis) in order.enumerated() { inverse[axis] = i }
        return { g, _ in [g.permuted(inverse)] }
    }

    /// `concatenate(parts, axis:)` (and `stack`): each part gets its slice of `g` along `axis`.
    @inline(__always)
    static func concatenate(sizes: [Int], axis: Int) -> Pullback {
        { g, needs in
            var start = 0
            return sizes.enumerated().map { i, size in
                defer { start += size }
                return needs[i] ? g.slice(axis: axis, start: start, end: start + size) : nil
            }
        }
    }

    // MARK: - Reductions

    /// `sum(axes:)`: `g` with the reduced axes kept as 1s, expanded back to `x`'s shape.
    @inline(__always)
    static func sum(_ x: Tensor, axes: [Int]) -> Pullback {
        let shape = x.shape
        let keptShape = Tensor.reducedShape(shape, axes: axes, keepDims: true)
        return { g, _ in [g.reshaped(to: keptShape).expanded(to: shape)] }
    }

    /// `max(axes:)`, `min(axes:)`: `g` shared evenly among the elements equal to the extremum.
    /// `kept` is the extremum with the reduced axes kept as 1s.
    @inline(__always)
    static func reducedExtremum(_ x: Tensor, kept: Tensor, axes: [Int]) -> Pullback {
        let (x, kept) = (x.detached(), kept.detached())
        return { g, _ in
            let winners = x.equal(kept)
            return [g.reshaped(to: kept.shape) * (winners / winners.sum(axes: axes, keepDims: true))]
        }
    }

    // MARK: - Indexing

    /// `slice` and `select` along one axis (contiguous, step 1): `g` for the block alone. The
    /// operation records a ``BlockGradient`` with it, and ``Autodiff/walk(from:seed:)`` adds `g`
    /// into the input's gradient at the block's place.
    static var block: Pullback { { g, _ in [g] } }

    /// `indexSelect(axis:indices:)` (and strided slices): `g`'s slices added back at `indices`
    /// (repeats accumulate).
    @inline(__always)
    static func indexSelect(_ x: Tensor, axis: Int, indices: [Int]) -> Pullback {
        let shape = x.shape
        let (outer, n, inner) = ReductionKernel.split(shape, axis: axis)
        return { g, _ in
            switch g.storage {
            case .float32(let u): return [Tensor(storage: .float32(scatterSlices(u, indices, outer: outer, n: n, inner: inner)), shape: shape)]
            case .float64(let u): return [Tensor(storage: .float64(scatterSlices(u, indices, outer: outer, n: n, inner: inner)), shape: shape)]
            }
        }
    }

    /// `gather(axis:indices:)`: `g[i]` added back at `sources[i]`, the flat input offset output
    /// element `i` was read from.
    @inline(__always)
    static func gather(_ x: Tensor, sources: [Int]) -> Pullback {
        let shape = x.shape
        let count = x.scalarCount
        return { g, _ in
            switch g.storage {
            case .float32(let u): return [Tensor(storage: .float32(scatterElements(u, sources, count: count)), shape: shape)]
            case .float64(let u): return [Tensor(storage: .float64(scatterElements(u, sources, count: count)), shape: shape)]
            }
        }
    }

    // MARK: - Matrix product

    /// How `matmul(transposed:)` folded the batch of its left operand into rows: the upstream
    /// gradient is viewed as `upstream`, and the left gradient returned in the shape `input`.
    struct MatmulFold {
        let upstream: [Int]
        let input: [Int]
    }

    /// `x·y` over the last two axes, batch axes broadcast: `(g·yᵀ)↓x`, `(xᵀ·g)↓y`; with
    /// `transposed` (`x·yᵀ`): `(g·y)↓x`, `(gᵀ·x)↓y`. The one matmul rule: `matmul` and both paths of
    /// `matmul(transposed:)` use it. `x` and `y` are the operands as multiplied (rank ≥ 2).
    @inline(__always)
    static func matmul(_ x: Tensor, _ y: Tensor, transposed: Bool = false, fold: MatmulFold? = nil) -> Pullback {
        let (x, y) = (x.detached(), y.detached())
        return { upstream, needs in
            let g = fold.map { Tensor(storage: upstream.storage, shape: $0.upstream) } ?? upstream
            return both(needs) {
                let dx = Tensor.rawProduct(g, y, transposeA: false, transposeB: !transposed).summed(toShape: x.shape)
                return fold.map { Tensor(storage: dx.storage, shape: $0.input) } ?? dx
            } _: {
                let dy = transposed
                    ? Tensor.rawProduct(g, x, transposeA: true, transposeB: false)
                    : Tensor.rawProduct(x, g, transposeA: true, transposeB: false)
                return dy.summed(toShape: y.shape)
            }
        }
    }

    // MARK: - Named exceptions: fused operations
    //
    // Each could be composed from the primitives above and differentiated by them. They are fused
    // instead because the composition costs several passes and graph nodes per call, and (for
    // softmax) loses precision; their backward is one hand-written kernel, checked against
    // PyTorch and finite differences like every other rule.

    /// `softmax` (`out = e^x / Σe^x`): `out⊙(g − Σ g⊙out)`; `logSoftmax`: `g − e^out⊙Σg`; sums
    /// along the normalised axis, viewed as `[outer, n, inner]` (``SoftmaxKernel/backward``).
    /// Fused: the stable forward (shift by the max) is one pass, and its derivative needs only `out`.
    @inline(__always)
    static func softmax(output: Tensor, outer: Int, n: Int, inner: Int, log: Bool) -> Pullback {
        let saved = output.storage
        return { g, _ in
            [g.zipStorage(
                saved,
                { SoftmaxKernel.backward(upstream: $0, output: $1, outer: outer, n: n, inner: inner, log: log) },
                { SoftmaxKernel.backward(upstream: $0, output: $1, outer: outer, n: n, inner: inner, log: log) })]
        }
    }

    /// `layerNormalized` (`x̂ = (x − mean)/σ` per row of `n`): `(1/σ)⊙(g − mean(g) − x̂⊙mean(g⊙x̂))`
    /// (``NormalizationKernel/backward``). Fused: mean, variance, subtraction and division would
    /// be six nodes and as many passes; this is one, saving only `x̂` and each row's 1/σ.
    @inline(__always)
    static func layerNorm(output: Tensor, inverseDeviations: TensorStorage, rows: Int, n: Int) -> Pullback {
        let saved = output.storage
        return { g, _ in
            switch (g.storage, saved, inverseDeviations) {
            case let (.float32(u), .float32(y), .float32(r)):
                return [Tensor(storage: .float32(NormalizationKernel.backward(u, y, r, rows: rows, n: n)), shape: g.shape)]
            case let (.float64(u), .float64(y), .float64(r)):
                return [Tensor(storage: .float64(NormalizationKernel.backward(u, y, r, rows: rows, n: n)), shape: g.shape)]
            default:
                fatalError("internal: layerNormalized gradient dtype \(g.dtype)")
            }
        }
    }

    /// `matmul(transposed:)` (`x·yᵀ`): the matmul rule with `transposed: true`. Fused: composing
    /// `permuted` and `matmul` would copy `y` transposed in forward and `g·y`'s result in backward;
    /// the product kernel reads `y` transposed in place instead. Its flat path folds a batch of
    /// left operands into one matrix (`fold`).
    @inline(__always)
    static func matmulTransposed(_ x: Tensor, _ y: Tensor, fold: MatmulFold? = nil) -> Pullback {
        matmul(x, y, transposed: true, fold: fold)
    }

    /// `linear` (`out = f(x·wᵀ + b)`, `x` folded to `[rows, in]` from `inputShape`): with
    /// `gz = g⊙f′` (the unary rule of `f`, from `saved`: its output or its input), `gz·w` for `x`,
    /// `gzᵀ·x` for `w`, `gz↓b`. The activation, product and bias rules above in one node, computed
    /// by the same kernels in the same order, so gradients equal the composed operations' bit for
    /// bit. Fused: a small network's layer is mostly the overhead of its three nodes.
    @inline(__always)
    static func linear(input x: Tensor, inputShape: [Int], weight w: Tensor, hasBias: Bool, outputShape: [Int],
                       activation: UnaryDerivative?, saved: TensorStorage?) -> Pullback {
        let (x, w) = (x.detached(), w.detached())
        // `saved` is what the unary rule keeps, so it stands for both of that rule's arguments.
        let activationRule = activation.flatMap { rule in
            saved.map { unary(rule, input: Tensor(storage: $0, shape: outputShape), output: Tensor(storage: $0, shape: outputShape)) }
        }
        return { upstream, needs in
            let gz = activationRule.map { $0(upstream, [true])[0]! } ?? upstream
            let rows = Tensor(storage: gz.storage, shape: [x.shape[0], w.shape[0]])
            var gradients: [Tensor?] = [
                needs[0] ? Tensor(storage: Tensor.rawProduct(rows, w, transposeA: false, transposeB: false).storage, shape: inputShape) : nil,
                needs[1] ? Tensor.rawProduct(rows, x, transposeA: true, transposeB: false) : nil,
            ]
            if hasBias {
                gradients.append(needs[2] ? Tensor(storage: gz.storage, shape: outputShape).summed(toShape: [w.shape[0]]) : nil)
            }
            return gradients
        }
    }

    /// `causalSelfAttention` (per head `out = P·V`, `P = softmax((Q·s)·Kᵀ + M)`, `s = 1/√d`):
    /// `dV = Pᵀ·g`, `dP = g·Vᵀ`, `dS = P⊙(dP − Σ dP⊙P)`, `dQ = (dS·K)·s`, `dK = dSᵀ·(Q·s)`, placed
    /// back in the packed layout (``AttentionKernel/backward``). The matmul, softmax and product
    /// rules above, computed by the same kernels in the same order. Fused: composed, attention is
    /// three slices, eight permutes, a broadcast mask and a dozen graph nodes around two products.
    @inline(__always)
    static func causalSelfAttention(packed: Tensor, weights: TensorStorage, layout: AttentionKernel.Layout) -> Pullback {
        let packed = packed.storage
        let shape = [layout.batch, layout.time, layout.packedWidth]
        return { g, _ in
            switch (g.storage, packed, weights) {
            case let (.float32(u), .float32(x), .float32(p)):
                return [Tensor(storage: .float32(AttentionKernel.backward(upstream: u, packed: x, weights: p, layout)), shape: shape)]
            case let (.float64(u), .float64(x), .float64(p)):
                return [Tensor(storage: .float64(AttentionKernel.backward(upstream: u, packed: x, weights: p, layout)), shape: shape)]
            default:
                fatalError("internal: causalSelfAttention gradient dtype \(g.dtype)")
            }
        }
    }

    // MARK: - Composed operations (no rule of their own)
    //
    // mean = sum / n; variance = mean of squared deviations; logSumExp = log(sum(exp(x − shift)))
    // + shift with a constant shift; squared = x ⊙ x; pow(2) = x ⊙ x; scalar arithmetic wraps the
    // scalar as a tensor; transposed, squeezed, unsqueezed, flattened, stack are permute, reshape
    // and concatenate; matmul with a 1-D operand reshapes it around the matrix product. Comparisons,
    // sign, argmax/argmin, isFinite and oneHot are constants for differentiation (no gradient).
}

// MARK: - The unary rules

/// Derivatives of the unary functions, each computed as `upstream ⊙ f′(x)` in one fused pass by
/// ``Derivatives/unaryPass``. `saved` is the input `x` for some and the output `y` for others
/// (cheaper: tanh′ = 1 − y²).
enum UnaryDerivative {
    case exp, log, sqrt, tanh, sigmoid, softplus, relu, gelu, geluTanh
    case leakyRelu(slope: Double)
    case clamp(min: Double, max: Double)

    /// Whether `saved` must be the function's output (otherwise its input).
    var usesOutput: Bool {
        switch self {
        case .exp, .sqrt, .tanh, .sigmoid: return true
        default: return false
        }
    }
}

extension Derivatives {
    /// `g ⊙ f′` for every element, rule by rule (`x` the input, `y` the output).
    static func unaryPass<S: FloatScalar>(_ rule: UnaryDerivative, upstream g: [S], saved: [S]) -> [S] {
        switch rule {
        case .exp: return zipArrays(g, saved) { g, y in g * y }  // (e^x)′ = y
        case .log: return zipArrays(g, saved) { g, x in g / x }  // (log x)′ = 1/x
        case .sqrt: return zipArrays(g, saved) { g, y in g * 0.5 / y }  // (√x)′ = 1/(2y)
        case .tanh: return zipArrays(g, saved) { g, y in g * (1 - y * y) }  // tanh′ = 1 − y²
        case .sigmoid: return zipArrays(g, saved) { g, y in g * y * (1 - y) }  // σ′ = y(1 − y)
        case .softplus: return zipArrays(g, saved) { g, x in g / (1 + S.exp(-x)) }  // softplus′ = σ(x)
        case .relu: return zipArrays(g, saved) { g, x in x > 0 ? g : 0 }  // 1 for x > 0, else 0 (0 at 0)
        case .leakyRelu(let slope):  // 1 for x > 0, else the slope
            let s = S(slope)
            return zipArrays(g, saved) { g, x in x > 0 ? g : g * s }
        case .clamp(let low, let high):  // 1 inside [min, max], bounds included; else 0
            let (lo, hi) = (S(low), S(high))
            return zipArrays(g, saved) { g, x in x >= lo && x <= hi ? g : 0 }
        case .gelu:  // (x·Φ(x))′ = Φ(x) + x·φ(x), vectorised
            return g.withUnsafeBufferPointer { pg in
                saved.withUnsafeBufferPointer { px in
                    makeArray(count: pg.count) { S.vectorGELUDerivative(pg.baseAddress!, px.baseAddress!, $0, count: pg.count) }
                }
            }
        case .geluTanh:  // ½(1 + t) + ½x(1 − t²)·c(1 + 3kx²), t = tanh(c(x + kx³))
            let (c, k) = (S(UnaryKernel.geluTanhScale), S(UnaryKernel.geluTanhCubic))
            return zipArrays(g, saved) { g, x in
                let t = S.tanh(c * (x + k * x * x * x))
                let inner = c * (1 + 3 * k * x * x)
                return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * inner)
            }
        }
    }
}

// MARK: - Helpers of the table

extension Derivatives {
    /// The gradients of a two-input operation, computing only those `needs` asks for.
    @inline(__always)
    static func both(_ needs: [Bool], _ x: @autoclosure () -> Tensor, _ y: @autoclosure () -> Tensor) -> [Tensor?] {
        [needs[0] ? x() : nil, needs[1] ? y() : nil]
    }

    /// ``both(_:_:_:)`` for a second gradient that takes more than an expression.
    @inline(__always)
    static func both(_ needs: [Bool], _ x: @autoclosure () -> Tensor, _ y: () -> Tensor) -> [Tensor?] {
        [needs[0] ? x() : nil, needs[1] ? y() : nil]
    }

    /// ``both(_:_:_:)`` for two gradients that take more than an expression.
    @inline(__always)
    static func both(_ needs: [Bool], _ x: () -> Tensor, _ y: () -> Tensor) -> [Tensor?] {
        [needs[0] ? x() : nil, needs[1] ? y() : nil]
    }

    /// The adjoint of `indexSelect`: slices of `u` (`[outer, indices.count, inner]`) added into
    /// a zero `[outer, n, inner]` at `indices`.
    static func scatterSlices<S: FloatScalar>(_ u: [S], _ indices: [Int], outer: Int, n: Int, inner: Int) -> [S] {
        var out = [S](repeating: 0, count: outer * n * inner)
        var r = 0
        for o in 0..<outer {
            for i in indices {
                let base = (o * n + i) * inner
                for j in 0..<inner { out[base + j] += u[r + j] }
                r += inner
            }
        }
        return out
    }

    /// The adjoint of `gather`: `u[i]` added into a zero array of `count` at `sources[i]`.
    static func scatterElements<S: FloatScalar>(_ u: [S], _ sources: [Int], count: Int) -> [S] {
        var out = [S](repeating: 0, count: count)
        for (i, source) in sources.enumerated() { out[source] += u[i] }
        return out
    }
}
