import DomainData
import Foundation

/// Where a domain's svmlight files are, for an argument `P` of `--source`/`--target`, tried in
/// this order (`EXT` is `svmlight`, `libsvm` or `svm`, each optionally `.gz`):
/// 1. `P` itself is such a file: training data only, no test split;
/// 2. `P` is a folder with `train.EXT` (and `test.EXT`);
/// 3. `P_train.EXT` exists (and `P_test.EXT`): the layout of the DANN authors' Amazon data, so
///    `amazon-reviews/books` names `amazon-reviews/books_train.svmlight` and `…_test.svmlight`.
/// A relative `P` that is not found from the working directory is looked for under the data
/// roots (`--data-dir`, `$DANN_DATA_DIR`, `../shared/data`, `./data`), so
/// `--source amazon-reviews/books` works from the project folder.
public enum SVMLightLayout {
    /// The file extensions taken for svmlight files.
    public static let extensions = ["svmlight", "libsvm", "svm"]

    /// The files of `argument`, or nil when it names no svmlight domain.
    public static func locate(_ argument: String, locator: DatasetLocator) -> (name: String, train: String, test: String?)? {
        let name = (argument as NSString).lastPathComponent
        var candidates = [locator.absolute(argument)]
        if !argument.hasPrefix("/") { candidates += locator.searchRoots.map { $0 + "/" + argument } }
        for path in candidates {
            if isSVMLightPath(path) {
                if FileIO.isFile(path) { return (name, path, nil) }
                continue
            }
            if FileIO.isDirectory(path), let train = existing(path + "/train") {
                return (name, train, existing(path + "/test"))
            }
            if let train = existing(path + "_train") { return (name, train, existing(path + "_test")) }
        }
        return nil
    }

    /// `stem.EXT` (or `.EXT.gz`) for the first extension that exists.
    static func existing(_ stem: String) -> String? {
        for ext in extensions { for suffix in ["", ".gz"] where FileIO.isFile("\(stem).\(ext)\(suffix)") { return "\(stem).\(ext)\(suffix)" } }
        return nil
    }
}
