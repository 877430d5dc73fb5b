import Testing
import Tensor

/// Programmer errors stop the process with a message that names the operation and the shapes;
/// nothing computes a silently wrong answer. Each case runs in a child process (exit tests).
@Suite("Errors name the operation and the shapes")
struct ErrorTests {
    @Test("broadcasting incompatible shapes")
    func broadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        #expect(message(result).contains("+: shapes [2, 3] and [4] cannot be broadcast together"))
    }

    @Test("misaligned matrix product")
    func matmul() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
        }
        #expect(message(result).contains("matmul: shapes [2, 3] and [4, 5] are not aligned"))
    }

    @Test("axis out of range")
    func axis() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).sum(axis: 2)
        }
        #expect(message(result).contains("sum: axis 2 is out of range for shape [2, 3]"))
    }

    @Test("index out of range")
    func index() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([4, 3]).indexSelect(axis: 0, indices: [1, 4])
        }
        #expect(message(result).contains("indexSelect: index 4 is out of range for axis 0 of size 4 in shape [4, 3]"))
    }

    @Test("slice beyond the axis is not clamped")
    func slice() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([4]).slice(axis: 0, start: 1, end: 9)
        }
        #expect(message(result).contains("slice: range 1..<9 is out of bounds for axis 0 of size 4"))
    }

    @Test("reshape to a different element count")
    func reshape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshaped(to: [4, 2])
        }
        #expect(message(result).contains("reshaped(to:): cannot reshape [2, 3] (6 elements) to [4, 2]"))
    }

    @Test("scalars that do not fill the shape")
    func construction() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(shape: [2, 2], scalars: [1, 2, 3])
        }
        #expect(message(result).contains("shape [2, 2] holds 4 elements but 3 were given"))
    }

    @Test("backward through a freed graph")
    func backwardTwice() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
            let loss = (x * x).sum()
            loss.backward()
            loss.backward()
        }
        #expect(message(result).contains("already freed by an earlier backward()"))
    }

    @Test("backward of a non-scalar without an upstream gradient")
    func backwardNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
            (x * 2).backward()
        }
        #expect(message(result).contains("backward(): tensor of shape [2] is not a scalar"))
    }

    @Test("gather index outside the axis")
    func gather() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).gather(axis: 1, indices: Tensor(shape: [2, 1], scalars: [0, 3]))
        }
        #expect(message(result).contains("gather: index 3.0 is out of range for axis 1 of size 3"))
    }

    private func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }
}
