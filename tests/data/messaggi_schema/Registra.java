// Records the messages of the JDK's built-in Xerces-J (javax.xml.validation)
// for the KO fixtures, as a portal or a SIL written in Java shows them.
// Run once by hand from the repository root:
//   java tests/data/messaggi_schema/Registra.java xsd/candidatura.xsd fixtures/codici/CL01*-ko-*.xml \
//     > tests/data/messaggi_schema/xerces.txt
// Each output line: the fixture's file name, a tab, the message as Xerces gives it.
import java.io.File;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

public class Registra {
    public static void main(String[] args) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Validator validator = factory.newSchema(new File(args[0])).newValidator();
        for (int i = 1; i < args.length; i++) {
            String name = new File(args[i]).getName();
            validator.setErrorHandler(new ErrorHandler() {
                public void warning(SAXParseException e) { print(name, e); }
                public void error(SAXParseException e) { print(name, e); }
                public void fatalError(SAXParseException e) { print(name, e); }
            });
            try {
                validator.validate(new StreamSource(new File(args[i])));
            } catch (SAXParseException e) {
                // already reported to the handler
            }
        }
    }

    static void print(String name, SAXParseException e) {
        System.out.println(name + "\t" + e.getMessage());
    }
}
