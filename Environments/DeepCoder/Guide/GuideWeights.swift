import Foundation

/// Why guide weights could not be read.
public struct GuideWeightsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var reason: String
    public var description: String { "guide weights: \(reason)" }
}

/// A trained guide as plain numbers: dense layers with ReLU between them, applied to each
/// example's ``GuideFeatures``, the last hidden layer averaged over the examples, then a linear
/// head giving one logit per ``GuideAttributes`` entry (DeepCoder's encoder and pooling,
/// Balog et al. 2017, section 4.3, with features in place of learned integer embeddings).
///
/// Inference is plain Swift (no tensors), so a value of this type is `Sendable` and solvers on
/// several threads share it. ``GuideNetwork`` trains one.
public struct GuideWeights: Sendable, Equatable {
    /// A dense layer `y = W·x + b`, `W` stored row by row as `[outputSize][inputSize]`
    /// (PyTorch's `Linear.weight` layout).
    public struct Dense: Sendable, Equatable {
        public var inputSize: Int
        public var outputSize: Int
        public var weight: [Float]
        public var bias: [Float]

        public init(inputSize: Int, outputSize: Int, weight: [Float], bias: [Float]) {
            precondition(weight.count == inputSize * outputSize && bias.count == outputSize,
                         "GuideWeights.Dense: \(weight.count) weights and \(bias.count) biases for \(inputSize)→\(outputSize)")
            self.inputSize = inputSize
            self.outputSize = outputSize
            self.weight = weight
            self.bias = bias
        }

        func apply(_ x: [Float]) -> [Float] {
            var y = bias
            weight.withUnsafeBufferPointer { w in
                for row in 0..<outputSize {
                    var total: Float = 0
                    let base = row * inputSize
                    for column in 0..<inputSize { total += w[base + column] * x[column] }
                    y[row] += total
                }
            }
            return y
        }
    }

    /// The per-example layers, each followed by ReLU.
    public var encoder: [Dense]
    /// The layer from the pooled encoding to the attribute logits.
    public var head: Dense

    /// Weights from their layers.
    /// - Precondition: sizes chain from ``GuideFeatures/count`` to ``GuideAttributes/count``.
    public init(encoder: [Dense], head: Dense) {
        precondition(!encoder.isEmpty && encoder[0].inputSize == GuideFeatures.count
                     && zip(encoder, encoder.dropFirst()).allSatisfy { $0.outputSize == $1.inputSize }
                     && encoder.last!.outputSize == head.inputSize && head.outputSize == GuideAttributes.count,
                     "GuideWeights: layer sizes do not chain from \(GuideFeatures.count) features to \(GuideAttributes.count) attributes")
        self.encoder = encoder
        self.head = head
    }

    /// The probability that the program behind `examples` uses each attribute.
    public func probabilities(for examples: [DSLExample]) -> [Float] {
        guard !examples.isEmpty else { return [Float](repeating: 0.5, count: GuideAttributes.count) }
        var pooled = [Float](repeating: 0, count: head.inputSize)
        for example in examples {
            var x = GuideFeatures.features(of: example)
            for layer in encoder { x = layer.apply(x).map { Swift.max($0, 0) } }
            for i in pooled.indices { pooled[i] += x[i] / Float(examples.count) }
        }
        return head.apply(pooled).map { 1 / (1 + Foundation.exp(-$0)) }
    }

    /// The weights as base64 text: `DCG1`, the layer count, then per layer (encoder layers, then
    /// the head) its input and output sizes as little-endian UInt32 and its weight and bias as
    /// little-endian Float32.
    public var encoded: String {
        var bytes: [UInt8] = Array("DCG1".utf8)
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(UInt32(encoder.count + 1))
        for layer in encoder + [head] {
            append(UInt32(layer.inputSize))
            append(UInt32(layer.outputSize))
            for value in layer.weight + layer.bias { append(value.bitPattern) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// Weights from ``encoded`` text.
    /// - Throws: ``GuideWeightsError`` for text that is not such weights or does not fit the
    ///   features and attributes of this version.
    public init(encoded text: String) throws(GuideWeightsError) {
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
            throw GuideWeightsError(reason: "not base64 text")
        }
        let bytes = [UInt8](data)
        var offset = 0
        func read() throws(GuideWeightsError) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw GuideWeightsError(reason: "truncated after \(offset) bytes") }
            let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
            offset += 4
            return value
        }
        guard bytes.count >= 8, Array(bytes[0..<4]) == Array("DCG1".utf8) else {
            throw GuideWeightsError(reason: "does not start with DCG1")
        }
        offset = 4
        let layerCount = Int(try read())
        guard (2...16).contains(layerCount) else { throw GuideWeightsError(reason: "\(layerCount) layers") }
        var layers: [Dense] = []
        for index in 0..<layerCount {
            let inputSize = Int(try read()), outputSize = Int(try read())
            guard (1...4096).contains(inputSize), (1...4096).contains(outputSize) else {
                throw GuideWeightsError(reason: "layer \(index) has sizes \(inputSize)→\(outputSize)")
            }
            guard offset + 4 * (inputSize * outputSize + outputSize) <= bytes.count else {
                throw GuideWeightsError(reason: "truncated in layer \(index)")
            }
            var weight: [Float] = []
            var bias: [Float] = []
            for _ in 0..<(inputSize * outputSize) { weight.append(Float(bitPattern: try read())) }
            for _ in 0..<outputSize { bias.append(Float(bitPattern: try read())) }
            guard (weight + bias).allSatisfy(\.isFinite) else { throw GuideWeightsError(reason: "layer \(index) holds a non-finite number") }
            layers.append(Dense(inputSize: inputSize, outputSize: outputSize, weight: weight, bias: bias))
        }
        guard offset == bytes.count else { throw GuideWeightsError(reason: "\(bytes.count - offset) bytes after the last layer") }
        let encoder = Array(layers.dropLast()), head = layers.last!
        guard encoder[0].inputSize == GuideFeatures.count else {
            throw GuideWeightsError(reason: "the first layer reads \(encoder[0].inputSize) features, this version has \(GuideFeatures.count)")
        }
        guard zip(encoder, encoder.dropFirst()).allSatisfy({ $0.outputSize == $1.inputSize }), encoder.last!.outputSize == head.inputSize else {
            throw GuideWeightsError(reason: "layer sizes do not chain")
        }
        guard head.outputSize == GuideAttributes.count else {
            throw GuideWeightsError(reason: "the head gives \(head.outputSize) attributes, this version has \(GuideAttributes.count)")
        }
        self.init(encoder: encoder, head: head)
    }
}
