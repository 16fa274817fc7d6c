//! Type signatures of the primitives, as annotated in the reference (`arc_types.py` names).
//! The DSL is dynamically typed; these types guide program generation and describe programs,
//! they never decide a primitive's result.

/// The reference's annotation types (`Any` accepts everything).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    Any,
    Boolean,
    Integer,
    IntegerTuple,
    Numerical,
    IntegerSet,
    Grid,
    Object,
    Objects,
    Indices,
    Patch,
    Element,
    Piece,
    Tuple,
    TupleTuple,
    FrozenSet,
    Container,
    ContainerContainer,
    Callable,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::Any => "Any",
            Type::Boolean => "Boolean",
            Type::Integer => "Integer",
            Type::IntegerTuple => "IntegerTuple",
            Type::Numerical => "Numerical",
            Type::IntegerSet => "IntegerSet",
            Type::Grid => "Grid",
            Type::Object => "Object",
            Type::Objects => "Objects",
            Type::Indices => "Indices",
            Type::Patch => "Patch",
            Type::Element => "Element",
            Type::Piece => "Piece",
            Type::Tuple => "Tuple",
            Type::TupleTuple => "TupleTuple",
            Type::FrozenSet => "FrozenSet",
            Type::Container => "Container",
            Type::ContainerContainer => "ContainerContainer",
            Type::Callable => "Callable",
        }
    }

    /// Can a value of type `self` be passed where `want` is expected (by annotation)?
    pub fn fits(self, want: Type) -> bool {
        use Type::*;
        if self == want || want == Any || self == Any {
            return true;
        }
        matches!(
            (self, want),
            (Boolean, Integer)
                | (Integer, Numerical)
                | (Boolean, Numerical)
                | (IntegerTuple, Numerical)
                | (Object, Patch)
                | (Indices, Patch)
                | (Object, Element)
                | (Grid, Element)
                | (Grid, Piece)
                | (Object, Piece)
                | (Indices, Piece)
                | (Patch, Piece)
                | (Element, Piece)
                | (IntegerSet, FrozenSet)
                | (Object, FrozenSet)
                | (Objects, FrozenSet)
                | (Indices, FrozenSet)
                | (Patch, FrozenSet)
                | (Grid, Tuple)
                | (IntegerTuple, Tuple)
                | (TupleTuple, Tuple)
                | (Grid, TupleTuple)
                | (Objects, ContainerContainer)
                | (Grid, ContainerContainer)
                | (TupleTuple, ContainerContainer)
                | (
                    IntegerSet
                        | Grid
                        | Object
                        | Objects
                        | Indices
                        | Patch
                        | Element
                        | Piece
                        | Tuple
                        | TupleTuple
                        | FrozenSet
                        | IntegerTuple
                        | ContainerContainer,
                    Container
                )
        )
    }
}

/// `(name, parameter types, return type)` for each primitive, in `dsl.py` order.
pub const SIGNATURES: [(&str, &[Type], Type); 160] = [
    ("identity", &[Type::Any], Type::Any),
    ("add", &[Type::Numerical, Type::Numerical], Type::Numerical),
    ("subtract", &[Type::Numerical, Type::Numerical], Type::Numerical),
    ("multiply", &[Type::Numerical, Type::Numerical], Type::Numerical),
    ("divide", &[Type::Numerical, Type::Numerical], Type::Numerical),
    ("invert", &[Type::Numerical], Type::Numerical),
    ("even", &[Type::Integer], Type::Boolean),
    ("double", &[Type::Numerical], Type::Numerical),
    ("halve", &[Type::Numerical], Type::Numerical),
    ("flip", &[Type::Boolean], Type::Boolean),
    ("equality", &[Type::Any, Type::Any], Type::Boolean),
    ("contained", &[Type::Any, Type::Container], Type::Boolean),
    ("combine", &[Type::Container, Type::Container], Type::Container),
    ("intersection", &[Type::FrozenSet, Type::FrozenSet], Type::FrozenSet),
    ("difference", &[Type::FrozenSet, Type::FrozenSet], Type::FrozenSet),
    ("dedupe", &[Type::Tuple], Type::Tuple),
    ("order", &[Type::Container, Type::Callable], Type::Tuple),
    ("repeat", &[Type::Any, Type::Integer], Type::Tuple),
    ("greater", &[Type::Integer, Type::Integer], Type::Boolean),
    ("size", &[Type::Container], Type::Integer),
    ("merge", &[Type::ContainerContainer], Type::Container),
    ("maximum", &[Type::IntegerSet], Type::Integer),
    ("minimum", &[Type::IntegerSet], Type::Integer),
    ("valmax", &[Type::Container, Type::Callable], Type::Integer),
    ("valmin", &[Type::Container, Type::Callable], Type::Integer),
    ("argmax", &[Type::Container, Type::Callable], Type::Any),
    ("argmin", &[Type::Container, Type::Callable], Type::Any),
    ("mostcommon", &[Type::Container], Type::Any),
    ("leastcommon", &[Type::Container], Type::Any),
    ("initset", &[Type::Any], Type::FrozenSet),
    ("both", &[Type::Boolean, Type::Boolean], Type::Boolean),
    ("either", &[Type::Boolean, Type::Boolean], Type::Boolean),
    ("increment", &[Type::Numerical], Type::Numerical),
    ("decrement", &[Type::Numerical], Type::Numerical),
    ("crement", &[Type::Numerical], Type::Numerical),
    ("sign", &[Type::Numerical], Type::Numerical),
    ("positive", &[Type::Integer], Type::Boolean),
    ("toivec", &[Type::Integer], Type::IntegerTuple),
    ("tojvec", &[Type::Integer], Type::IntegerTuple),
    ("sfilter", &[Type::Container, Type::Callable], Type::Container),
    ("mfilter", &[Type::Container, Type::Callable], Type::FrozenSet),
    ("extract", &[Type::Container, Type::Callable], Type::Any),
    ("totuple", &[Type::FrozenSet], Type::Tuple),
    ("first", &[Type::Container], Type::Any),
    ("last", &[Type::Container], Type::Any),
    ("insert", &[Type::Any, Type::FrozenSet], Type::FrozenSet),
    ("remove", &[Type::Any, Type::Container], Type::Container),
    ("other", &[Type::Container, Type::Any], Type::Any),
    ("interval", &[Type::Integer, Type::Integer, Type::Integer], Type::Tuple),
    ("astuple", &[Type::Integer, Type::Integer], Type::IntegerTuple),
    ("product", &[Type::Container, Type::Container], Type::FrozenSet),
    ("pair", &[Type::Tuple, Type::Tuple], Type::TupleTuple),
    ("branch", &[Type::Boolean, Type::Any, Type::Any], Type::Any),
    ("compose", &[Type::Callable, Type::Callable], Type::Callable),
    ("chain", &[Type::Callable, Type::Callable, Type::Callable], Type::Callable),
    ("matcher", &[Type::Callable, Type::Any], Type::Callable),
    ("rbind", &[Type::Callable, Type::Any], Type::Callable),
    ("lbind", &[Type::Callable, Type::Any], Type::Callable),
    ("power", &[Type::Callable, Type::Integer], Type::Callable),
    ("fork", &[Type::Callable, Type::Callable, Type::Callable], Type::Callable),
    ("apply", &[Type::Callable, Type::Container], Type::Container),
    ("rapply", &[Type::Container, Type::Any], Type::Container),
    ("mapply", &[Type::Callable, Type::ContainerContainer], Type::FrozenSet),
    ("papply", &[Type::Callable, Type::Tuple, Type::Tuple], Type::Tuple),
    ("mpapply", &[Type::Callable, Type::Tuple, Type::Tuple], Type::Tuple),
    ("prapply", &[Type::Any, Type::Container, Type::Container], Type::FrozenSet),
    ("mostcolor", &[Type::Element], Type::Integer),
    ("leastcolor", &[Type::Element], Type::Integer),
    ("height", &[Type::Piece], Type::Integer),
    ("width", &[Type::Piece], Type::Integer),
    ("shape", &[Type::Piece], Type::IntegerTuple),
    ("portrait", &[Type::Piece], Type::Boolean),
    ("colorcount", &[Type::Element, Type::Integer], Type::Integer),
    ("colorfilter", &[Type::Objects, Type::Integer], Type::Objects),
    ("sizefilter", &[Type::Container, Type::Integer], Type::FrozenSet),
    ("asindices", &[Type::Grid], Type::Indices),
    ("ofcolor", &[Type::Grid, Type::Integer], Type::Indices),
    ("ulcorner", &[Type::Patch], Type::IntegerTuple),
    ("urcorner", &[Type::Patch], Type::IntegerTuple),
    ("llcorner", &[Type::Patch], Type::IntegerTuple),
    ("lrcorner", &[Type::Patch], Type::IntegerTuple),
    ("crop", &[Type::Grid, Type::IntegerTuple, Type::IntegerTuple], Type::Grid),
    ("toindices", &[Type::Patch], Type::Indices),
    ("recolor", &[Type::Integer, Type::Patch], Type::Object),
    ("shift", &[Type::Patch, Type::IntegerTuple], Type::Patch),
    ("normalize", &[Type::Patch], Type::Patch),
    ("dneighbors", &[Type::IntegerTuple], Type::Indices),
    ("ineighbors", &[Type::IntegerTuple], Type::Indices),
    ("neighbors", &[Type::IntegerTuple], Type::Indices),
    ("objects", &[Type::Grid, Type::Boolean, Type::Boolean, Type::Boolean], Type::Objects),
    ("partition", &[Type::Grid], Type::Objects),
    ("fgpartition", &[Type::Grid], Type::Objects),
    ("uppermost", &[Type::Patch], Type::Integer),
    ("lowermost", &[Type::Patch], Type::Integer),
    ("leftmost", &[Type::Patch], Type::Integer),
    ("rightmost", &[Type::Patch], Type::Integer),
    ("square", &[Type::Piece], Type::Boolean),
    ("vline", &[Type::Patch], Type::Boolean),
    ("hline", &[Type::Patch], Type::Boolean),
    ("hmatching", &[Type::Patch, Type::Patch], Type::Boolean),
    ("vmatching", &[Type::Patch, Type::Patch], Type::Boolean),
    ("manhattan", &[Type::Patch, Type::Patch], Type::Integer),
    ("adjacent", &[Type::Patch, Type::Patch], Type::Boolean),
    ("bordering", &[Type::Patch, Type::Grid], Type::Boolean),
    ("centerofmass", &[Type::Patch], Type::IntegerTuple),
    ("palette", &[Type::Element], Type::IntegerSet),
    ("numcolors", &[Type::Element], Type::IntegerSet),
    ("color", &[Type::Object], Type::Integer),
    ("toobject", &[Type::Patch, Type::Grid], Type::Object),
    ("asobject", &[Type::Grid], Type::Object),
    ("rot90", &[Type::Grid], Type::Grid),
    ("rot180", &[Type::Grid], Type::Grid),
    ("rot270", &[Type::Grid], Type::Grid),
    ("hmirror", &[Type::Piece], Type::Piece),
    ("vmirror", &[Type::Piece], Type::Piece),
    ("dmirror", &[Type::Piece], Type::Piece),
    ("cmirror", &[Type::Piece], Type::Piece),
    ("fill", &[Type::Grid, Type::Integer, Type::Patch], Type::Grid),
    ("paint", &[Type::Grid, Type::Object], Type::Grid),
    ("underfill", &[Type::Grid, Type::Integer, Type::Patch], Type::Grid),
    ("underpaint", &[Type::Grid, Type::Object], Type::Grid),
    ("hupscale", &[Type::Grid, Type::Integer], Type::Grid),
    ("vupscale", &[Type::Grid, Type::Integer], Type::Grid),
    ("upscale", &[Type::Element, Type::Integer], Type::Element),
    ("downscale", &[Type::Grid, Type::Integer], Type::Grid),
    ("hconcat", &[Type::Grid, Type::Grid], Type::Grid),
    ("vconcat", &[Type::Grid, Type::Grid], Type::Grid),
    ("subgrid", &[Type::Patch, Type::Grid], Type::Grid),
    ("hsplit", &[Type::Grid, Type::Integer], Type::Tuple),
    ("vsplit", &[Type::Grid, Type::Integer], Type::Tuple),
    ("cellwise", &[Type::Grid, Type::Grid, Type::Integer], Type::Grid),
    ("replace", &[Type::Grid, Type::Integer, Type::Integer], Type::Grid),
    ("switch", &[Type::Grid, Type::Integer, Type::Integer], Type::Grid),
    ("center", &[Type::Patch], Type::IntegerTuple),
    ("position", &[Type::Patch, Type::Patch], Type::IntegerTuple),
    ("index", &[Type::Grid, Type::IntegerTuple], Type::Integer),
    ("canvas", &[Type::Integer, Type::IntegerTuple], Type::Grid),
    ("corners", &[Type::Patch], Type::Indices),
    ("connect", &[Type::IntegerTuple, Type::IntegerTuple], Type::Indices),
    ("cover", &[Type::Grid, Type::Patch], Type::Grid),
    ("trim", &[Type::Grid], Type::Grid),
    ("move", &[Type::Grid, Type::Object, Type::IntegerTuple], Type::Grid),
    ("tophalf", &[Type::Grid], Type::Grid),
    ("bottomhalf", &[Type::Grid], Type::Grid),
    ("lefthalf", &[Type::Grid], Type::Grid),
    ("righthalf", &[Type::Grid], Type::Grid),
    ("vfrontier", &[Type::IntegerTuple], Type::Indices),
    ("hfrontier", &[Type::IntegerTuple], Type::Indices),
    ("backdrop", &[Type::Patch], Type::Indices),
    ("delta", &[Type::Patch], Type::Indices),
    ("gravitate", &[Type::Patch, Type::Patch], Type::IntegerTuple),
    ("inbox", &[Type::Patch], Type::Indices),
    ("outbox", &[Type::Patch], Type::Indices),
    ("box", &[Type::Patch], Type::Indices),
    ("shoot", &[Type::IntegerTuple, Type::IntegerTuple], Type::Indices),
    ("occurrences", &[Type::Grid, Type::Object], Type::Indices),
    ("frontiers", &[Type::Grid], Type::Objects),
    ("compress", &[Type::Grid], Type::Grid),
    ("hperiod", &[Type::Object], Type::Integer),
    ("vperiod", &[Type::Object], Type::Integer),
];

/// The signature of primitive `name`.
pub fn signature(name: &str) -> Option<(&'static [Type], Type)> {
    SIGNATURES.iter().find(|s| s.0 == name).map(|s| (s.1, s.2))
}
