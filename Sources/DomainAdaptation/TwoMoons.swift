import Foundation
import Nabla

/// The inter-twinning moons of Ganin et al. (JMLR 2016, §5.1.1), drawn as the authors' code
/// draws them (scikit-learn's `make_moons`): an upper moon (label 1) and a lower moon (label 0)
/// at evenly spaced angles plus Gaussian noise. The target domain is drawn the same way and
/// rotated about the source's centre.
public enum TwoMoons {
    /// `count` points, alternating upper (1) and lower (0) moons, each moon's angles evenly spaced
    /// over [0, π], with Gaussian noise of standard deviation `noise` on both coordinates.
    public static func sample(count: Int, noise: Float, using generator: inout SeededGenerator) -> (points: [Float], labels: [Int]) {
        var points = [Float](), labels = [Int]()
        points.reserveCapacity(2 * count)
        let upperCount = (count + 1) / 2, lowerCount = count / 2
        for i in 0..<count {
            let upper = i % 2 == 0
            let pointsOnMoon = upper ? upperCount : lowerCount
            let angle = Float.pi * Float(i / 2) / Float(max(pointsOnMoon - 1, 1))
            let x = upper ? cos(angle) : 1 - cos(angle)
            let y = upper ? sin(angle) : 0.5 - sin(angle)
            points += [x + noise * generator.nextNormal(), y + noise * generator.nextNormal()]
            labels.append(upper ? 1 : 0)
        }
        return (points, labels)
    }

    /// Rotates `(x, y)` pairs by `degrees` counter-clockwise about `centre`.
    public static func rotate(_ points: [Float], degrees: Float, about centre: (Float, Float)) -> [Float] {
        let radians = degrees * Float.pi / 180, c = cos(radians), s = sin(radians)
        var rotated = points
        for i in stride(from: 0, to: points.count, by: 2) {
            let dx = points[i] - centre.0, dy = points[i + 1] - centre.1
            rotated[i] = centre.0 + c * dx - s * dy
            rotated[i + 1] = centre.1 + s * dx + c * dy
        }
        return rotated
    }

    /// `(x, y)` pairs moved so that `centre` is the origin, then multiplied by `factor`.
    public static func centred(_ points: [Float], on centre: (Float, Float), scaledBy factor: Float) -> [Float] {
        var moved = points
        for i in stride(from: 0, to: points.count, by: 2) {
            moved[i] = factor * (points[i] - centre.0)
            moved[i + 1] = factor * (points[i + 1] - centre.1)
        }
        return moved
    }

    /// The mean of `(x, y)` pairs.
    public static func centre(of points: [Float]) -> (Float, Float) {
        let n = Float(max(points.count / 2, 1))
        var sx: Float = 0, sy: Float = 0
        for i in stride(from: 0, to: points.count, by: 2) { sx += points[i]; sy += points[i + 1] }
        return (sx / n, sy / n)
    }
}
